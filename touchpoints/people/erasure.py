"""Erasing a person: their name, e-mail and source id gone, the row kept so counts stay.

`erase_person` is the one place an erasure happens; what else holds a person's personal data
(meetings' attendee lists, suggestions' evidence) is blanked here too, in the same transaction,
so an erasure is complete or not done at all.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from convergence import audit
from touchpoints.meetings.erasure import forget_in_meetings
from touchpoints.models import Person


@transaction.atomic
def erase_person(person: Person, actor: User | None) -> None:
    """Blank the person's name, e-mail and external id and stamp erased_at; safe to repeat."""
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if locked.is_erased:
        return
    forget_in_meetings(locked.workspace_id, locked.name, locked.email)
    locked.name = locked.email = locked.external_id = ""
    locked.erased_at = timezone.now()
    locked.save(update_fields=["name", "email", "external_id", "erased_at", "updated_at"])
    audit.record(
        workspace=locked.workspace,
        actor=actor,
        action="person.erased",
        target=f"Person {locked.pk}",
        before={"person": locked.pk},
        after={"person": locked.pk, "erased": True},
    )
    person.refresh_from_db()
