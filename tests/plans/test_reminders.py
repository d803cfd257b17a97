"""Owners are mailed their actions due soon or overdue, once a day, by the beat task."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.utils import timezone

from assessments.models import Action, ActionStatus
from assessments.reminders import send_reminders
from assessments.tasks import remind_action_owners
from tests.conftest import Org, People

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2030, 3, 10)


def action(org: Org, owner: User, due: datetime.date | None, **fields: object) -> Action:
    return Action.objects.create(
        workspace=org.workspace, title=f"Due {due}", owner=owner, due=due, **fields
    )


@pytest.fixture
def owners(people: People) -> People:
    for user, address in ((people.manager, "mark@example.org"), (people.viewer, "")):
        user.email = address
        user.save()
    return people


def test_it_mails_each_owner_once_with_their_due_and_overdue_actions(
    org: Org, owners: People
) -> None:
    action(org, owners.manager, TODAY - datetime.timedelta(days=2))
    action(org, owners.manager, TODAY + datetime.timedelta(days=3))
    action(org, owners.manager, TODAY + datetime.timedelta(days=30))  # not yet
    action(org, owners.manager, TODAY, status=ActionStatus.DONE)  # finished
    action(org, owners.viewer, TODAY)  # no address
    assert send_reminders(TODAY) == 2
    [message] = mail.outbox
    assert message.to == ["mark@example.org"]
    assert message.subject == "Convergence: 2 action(s) due soon, 1 overdue"
    assert "overdue since 08 March 2030" in message.body
    assert f"http://127.0.0.1:8000/w/{org.workspace.slug}/plan/actions/" in message.body
    # A second run the same day sends nothing; the next day it reminds again.
    assert send_reminders(TODAY) == 0 and len(mail.outbox) == 1
    assert send_reminders(TODAY + datetime.timedelta(days=1)) == 2


def test_the_beat_task_runs_the_reminders_for_today(org: Org, owners: People) -> None:
    action(org, owners.manager, timezone.localdate())
    assert remind_action_owners() == 1
    assert remind_action_owners() == 0
    assert len(mail.outbox) == 1
