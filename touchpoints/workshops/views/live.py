"""Conditional responses for the live regions: an unchanged poll is a one-query 304.

The ETag is the workshop's revision (bumped with every change, see
touchpoints.workshops.facilitation) plus whatever changes the representation for this viewer.
The poll check runs before the usual loading of user and membership: it reads the user id
straight from the session and checks the membership in the same query as the revision. A 304
carries no data, so the full checks (active user, session hash) are left to the 200 path.
"""

from __future__ import annotations

import re

from django.contrib.auth import SESSION_KEY
from django.db.models import OuterRef, Subquery
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers

from convergence.htmx import HtmxHttpRequest, is_fragment
from convergence.models import ROLE_CAPABILITIES, Capability, Membership
from touchpoints.models import Participant, Workshop, WorkshopStatus

PARTICIPANTS_SESSION_KEY = "workshop_participants"


def board_etag(workshop: Workshop, can_run: bool, projector: bool) -> str:
    return etag_for("board", workshop.pk, workshop.revision, can_run, projector)


def etag_for(kind: str, pk: int, revision: int, can_run: bool, projector: bool) -> str:
    role = "run" if can_run else "view"
    return f'"{kind}-{pk}-{revision}-{role}{"-projector" if projector else ""}"'


def participant_etag(participant_pk: int, revision: int) -> str:
    return f'"participant-{participant_pk}-{revision}"'


ETAG = re.compile(r'"(?P<kind>[a-z]+)-(?P<pk>\d+)-(?P<revision>\d+)(?P<viewer>[-a-z]*)"')


def seen_revision(sent: str | None, current: str) -> int | None:
    """The revision a poll's If-None-Match names, if it is the `current` ETag in all but the
    revision (the same board or page, role and view), else None."""
    seen, now = ETAG.fullmatch(sent or ""), ETAG.fullmatch(current)
    if seen is None or now is None:
        return None
    if (seen["kind"], seen["pk"], seen["viewer"]) != (now["kind"], now["pk"], now["viewer"]):
        return None
    return int(seen["revision"])


def with_etag(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    # Polls send If-None-Match themselves (static/js/workshop-live.js); the browser must not
    # answer them from its cache, nor share a member's board with anyone.
    response["Cache-Control"] = "private, no-cache"
    # The page and its polled region share a URL: without this, Back to the board shows the
    # browser's cached copy of the last poll, a bare fragment without styles or scripts.
    patch_vary_headers(response, ["HX-Request"])
    return response


def not_modified(etag: str) -> HttpResponse:
    return with_etag(HttpResponseNotModified(), etag)


def is_projector(request: HtmxHttpRequest) -> bool:
    return request.GET.get("projector") == "1"


def unchanged_board(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse | None:
    """A 304 when a member's board poll already has the current revision, else None."""
    sent = request.headers.get("If-None-Match")
    user_id = request.session.get(SESSION_KEY)
    if not sent or user_id is None or not is_fragment(request):
        return None
    role = Membership.objects.filter(workspace_id=OuterRef("workspace_id"), user_id=user_id)
    row = (
        Workshop.objects.filter(pk=pk, workspace__slug=slug)
        .annotate(role=Subquery(role.values("role")[:1]))
        .values_list("revision", "role", "status")
        .first()
    )
    if row is None or row[1] is None:
        return None
    # As in board_context: nobody runs a closed workshop, whatever their role.
    can_run = (
        Capability.RUN_WORKSHOPS in ROLE_CAPABILITIES[row[1]] and row[2] != WorkshopStatus.CLOSED
    )
    etag = etag_for("board", pk, row[0], can_run, is_projector(request))
    return not_modified(etag) if etag == sent else None


def session_participant_ids(request: HtmxHttpRequest) -> list[int]:
    return [int(pk) for pk in request.session.get(PARTICIPANTS_SESSION_KEY, {}).values()]


def remember_participant(request: HtmxHttpRequest, participant: Participant) -> None:
    joined = dict(request.session.get(PARTICIPANTS_SESSION_KEY, {}))
    joined[str(participant.workshop_id)] = participant.pk
    request.session[PARTICIPANTS_SESSION_KEY] = joined


def unchanged_participant_page(request: HtmxHttpRequest, code: str) -> HttpResponse | None:
    """A 304 when a participant's poll already has the current revision, else None."""
    sent = request.headers.get("If-None-Match")
    ids = session_participant_ids(request)
    if not sent or not ids or not is_fragment(request):
        return None
    row = (
        Participant.objects.filter(pk__in=ids, workshop__join_code=code)
        .values_list("pk", "workshop__revision")
        .first()
    )
    if row is None:
        return None
    etag = participant_etag(row[0], row[1])
    return not_modified(etag) if etag == sent else None
