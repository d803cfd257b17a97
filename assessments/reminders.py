"""Remind owners of their actions due soon or overdue: one mail per owner, once a day.

Sent through Django's mail (SMTP when the deployment sets EMAIL_HOST, the console otherwise).
Safe to run twice: each action is claimed for the day with a conditional UPDATE of
``reminded_on`` before it goes in a mail, so a second run the same day sends nothing.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse

from assessments.models import Action


def due_actions(today: datetime.date) -> list[Action]:
    """Open actions with an owner who has an e-mail address, due within the window or overdue,
    not yet reminded today."""
    horizon = today + datetime.timedelta(days=settings.ACTION_DUE_SOON_DAYS)
    candidates = (
        Action.objects.open()
        .filter(due__lte=horizon, owner__isnull=False)
        .exclude(owner__email="")
        .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today))
        .select_related("owner", "workspace")
        .order_by("owner_id", "due", "pk")
    )
    return list(candidates)


def claim(action: Action, today: datetime.date) -> bool:
    rows = Action.objects.filter(pk=action.pk).filter(
        Q(reminded_on__isnull=True) | Q(reminded_on__lt=today)
    )
    return bool(rows.update(reminded_on=today))


def reminder_text(owner: User, actions: list[Action], today: datetime.date) -> str:
    lines = [f"Hello {owner.get_full_name() or owner.username},", ""]
    for action in actions:
        state = "overdue since" if action.is_overdue(today) else "due"
        url = settings.SITE_URL + reverse("action_detail", args=[action.workspace.slug, action.pk])
        lines.append(f"- {action.title} ({action.workspace.name}): {state} {action.due:%d %B %Y}")
        lines.append(f"  {url}")
    return "\n".join([*lines, "", "Convergence"])


def send_reminders(today: datetime.date) -> int:
    """Mail each owner their claimed actions; return how many actions were in a mail."""
    by_owner: dict[User, list[Action]] = defaultdict(list)
    for action in due_actions(today):
        if action.owner is not None and claim(action, today):
            by_owner[action.owner].append(action)
    for owner, actions in by_owner.items():
        overdue = sum(action.is_overdue(today) for action in actions)
        subject = f"Convergence: {len(actions)} action(s) due soon" + (
            f", {overdue} overdue" if overdue else ""
        )
        send_mail(subject, reminder_text(owner, actions, today), None, [owner.email])
    return sum(len(actions) for actions in by_owner.values())
