"""A generated organisation for the meeting tests: people of several units on both sides.

staff = staff_of(org)          # Acme's units (tests.conftest.build_org) and their people
staff.email("fin_head")        # "fin_head@acme.test"
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from tests.conftest import Org
from touchpoints.meetings.occurrence import Occurrence
from touchpoints.meetings.store import Classifiers
from touchpoints.models import ChannelCategory, Person, PersonSource

DOMAIN = "acme.test"
# (local part, unit attribute of Org, job title)
PEOPLE = [
    ("cfo", "finance", "Chief Financial Officer"),
    ("fin_head", "finance", "Head of Finance"),
    ("fin_manager", "finance", "Finance Manager"),
    ("fin_analyst", "finance", "Financial Analyst"),
    ("fin_clerk", "finance", "Accounts Clerk"),
    ("sales_director", "sales", "Sales Director"),
    ("sales_rep", "sales", "Account Executive"),
    ("sales_rep2", "sales", "Sales Representative"),
    ("cio", "it", "Chief Information Officer"),
    ("apps_manager", "apps", "Applications Manager"),
    ("apps_dev", "apps", "Developer"),
    ("apps_dev2", "apps", "Developer"),
    ("infra_lead", "infra", "Infrastructure Team Lead"),
    ("infra_eng", "infra", "Systems Engineer"),
]


@dataclass
class Staff:
    org: Org
    people: dict[str, Person]

    def email(self, name: str) -> str:
        return f"{name}@{DOMAIN}"

    def emails(self, *names: str) -> frozenset[str]:
        return frozenset(self.email(name) for name in names)


def staff_of(org: Org) -> Staff:
    people = {
        name: Person.objects.create(
            workspace=org.workspace,
            unit=getattr(org, unit),
            name=name.replace("_", " ").title(),
            email=f"{name}@{DOMAIN}",
            title=title,
            source=PersonSource.UPLOAD,
        )
        for name, unit, title in PEOPLE
    }
    return Staff(org, people)


def occurrence(
    staff: Staff,
    uid: str,
    title: str,
    start: datetime,
    people: Iterable[str],
    *,
    rule: str = "",
    unknown: Iterable[str] = (),
    minutes: int = 60,
) -> Occurrence:
    names = list(people)
    return Occurrence(
        uid=uid,
        title=title,
        start=start,
        duration=timedelta(minutes=minutes),
        organizer=staff.email(names[0]),
        attendees=staff.emails(*names) | frozenset(unknown),
        recurrence=rule,
        source="test.ics",
    )


def series(
    staff: Staff,
    uid: str,
    title: str,
    first: datetime,
    people: Iterable[str],
    *,
    every: timedelta,
    count: int,
    rule: str = "",
    unknown: Iterable[str] = (),
) -> list[Occurrence]:
    names = list(people)
    return [
        occurrence(staff, uid, title, first + n * every, names, rule=rule, unknown=unknown)
        for n in range(count)
    ]


LEVEL_WORDS = [
    ("chief", "strategic"),
    ("head", "strategic"),
    ("director", "strategic"),
    ("manager", "tactical"),
    ("lead", "tactical"),
]
CHANNEL_WORDS = {
    "steering": ChannelCategory.STEERING_COMMITTEE,
    "stand-up": ChannelCategory.EMBEDDED_TEAM,
    "sla": ChannelCategory.SLA_REVIEW,
}


def simple_classifiers(org: Org) -> Classifiers:
    """Rule tables in the spirit of the defaults, for the tests that do not test the tables."""

    def level(title: str, grade: str, depth: int) -> str:
        words = title.casefold()
        return next((level for word, level in LEVEL_WORDS if word in words), "operational")

    def channel(title: str, attendee_count: int) -> int | None:
        words = title.casefold()
        found = [category for word, category in CHANNEL_WORDS.items() if word in words]
        return org.channel(found[0]).pk if found else None

    return Classifiers(level=level, channel=channel)
