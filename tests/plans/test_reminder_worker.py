"""A real Celery worker on real Redis runs the daily reminder and mails the owners (to files, the
worker being a process of its own), once however often the task is delivered."""

from __future__ import annotations

import datetime
import email
from email.message import Message
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from assessments.models import Action, ActionStatus, GapReport
from assessments.tasks import build_gap_report, remind_action_owners
from tests.conftest import Org, People
from tests.worker import celery_worker, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

TASKS = ["assessments.tasks.remind_action_owners", "assessments.tasks.build_gap_report"]
SEPARATOR = b"\n" + b"-" * 79 + b"\n"


def mails_in(folder: Path) -> list[Message]:
    """Every mail the file backend wrote (each file holds one connection's mails)."""
    found = []
    for path in sorted(folder.glob("*.log")):
        for chunk in path.read_bytes().split(SEPARATOR):
            if chunk.strip():
                found.append(email.message_from_bytes(chunk))
    return found


def body_of(message: Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode()


def due_action(org: Org, owner: User, days: int, **fields: object) -> Action:
    due = timezone.localdate() + datetime.timedelta(days=days)
    return Action.objects.create(
        workspace=org.workspace, title=f"Due in {days} days", owner=owner, due=due, **fields
    )


def test_the_worker_mails_each_owner_their_due_and_overdue_actions_once(
    org: Org, people: People, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for user, address in ((people.manager, "mark@example.org"), (people.facilitator, "fay@x.org")):
        user.email = address
        user.save()
    overdue = due_action(org, people.manager, -3)
    due_action(org, people.manager, 2)
    due_action(org, people.manager, 60)  # not due soon
    due_action(org, people.manager, -1, status=ActionStatus.DROPPED)  # dropped
    due_action(org, people.facilitator, 0)
    marker = GapReport.objects.create(workspace=org.workspace)
    # The worker inherits this process's environment; this process's settings are already read.
    monkeypatch.setenv("EMAIL_FILE_PATH", str(tmp_path))
    with celery_worker(TASKS):
        remind_action_owners.delay()
        remind_action_owners.delay()  # delivered twice (a beat tick and a redelivery)
        # One worker takes its queue in order: once the report is built, both reminders ran.
        build_gap_report.delay(marker.pk)
        assert wait_until(lambda: not GapReport.objects.get(pk=marker.pk).is_active)
    mails = {message["To"]: message for message in mails_in(tmp_path)}
    assert sorted(mails) == ["fay@x.org", "mark@example.org"]
    assert len(mails_in(tmp_path)) == 2  # the second delivery sent nothing
    mark = mails["mark@example.org"]
    assert mark["Subject"] == "Convergence: 2 action(s) due soon, 1 overdue"
    body = body_of(mark)
    assert f"Due in -3 days (Acme): overdue since {overdue.due:%d %B %Y}" in body
    assert f"/w/{org.workspace.slug}/plan/actions/{overdue.pk}/" in body
    assert "Due in 2 days" in body and "Due in 60 days" not in body
    assert "Due in -1 days" not in body
    assert Action.objects.filter(reminded_on=timezone.localdate()).count() == 3
