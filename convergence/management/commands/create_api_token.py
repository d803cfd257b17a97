"""`manage.py create_api_token USER --workspace SLUG [--name N] [--expires YYYY-MM-DD]`."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from convergence.models import Membership
from convergence.tokens import issue_token


class Command(BaseCommand):
    help = (
        "Make a personal API token of USER for one workspace (with USER's role there) and "
        "print it: it is shown only this once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--workspace", required=True, help="the workspace's slug")
        parser.add_argument("--name", default="Command line", help="what the token is for")
        parser.add_argument(
            "--expires",
            type=datetime.date.fromisoformat,
            help="the day it stops working (UTC), YYYY-MM-DD; default: never",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        membership = (
            Membership.objects.select_related("workspace", "user")
            .filter(user__username=options["username"], workspace__slug=options["workspace"])
            .first()
        )
        if membership is None:
            raise CommandError(
                f"{options['username']} is not a member of a workspace {options['workspace']!r}."
            )
        expires = options["expires"]
        expires_at = (
            datetime.datetime.combine(expires, datetime.time.min, tzinfo=datetime.UTC)
            if expires
            else None
        )
        if expires_at is not None and expires_at <= datetime.datetime.now(datetime.UTC):
            raise CommandError("--expires must be a day after today.")
        issued = issue_token(membership, options["name"], expires_at)
        self.stdout.write(issued.secret)
