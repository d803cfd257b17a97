from typing import Any

from django.core.management.base import BaseCommand

from touchpoints.demo import DEMO_PASSWORD, DEMO_USERS, load_demo


class Command(BaseCommand):
    help = "Create the demo workspace with one user per role (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        summary = load_demo()
        verb = "Created" if summary.created else "Demo workspace already there:"
        self.stdout.write(
            f"{verb} '{summary.workspace.name}' with {summary.units} units "
            f"and {summary.touchpoints} touch points."
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, role in DEMO_USERS:
            self.stdout.write(f"  {username:<12} {role.label}")
