"""Create or update a user of the provider with a password, an e-mail and exactly these groups."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "op_user NAME PASSWORD EMAIL [--group NAME ...]"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("password")
        parser.add_argument("email")
        parser.add_argument("--group", action="append", default=[])

    def handle(self, *args: Any, **options: Any) -> None:
        user, _ = User.objects.get_or_create(username=options["username"])
        user.email = options["email"]
        user.set_password(options["password"])
        user.save()
        groups = [Group.objects.get_or_create(name=name)[0] for name in options["group"]]
        user.groups.set(groups)
