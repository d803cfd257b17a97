"""Survey rounds' domain: instruments and their versions, opening and closing rounds (with the
evidence of the round's scope frozen at closing), and respondents answering anonymously."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from assessments.assess import Scope, new_assessment, read_scope, store_assessment, unit_score_rows
from assessments.models import (
    RoundStatus,
    SurveyInstrument,
    SurveyResponse,
    SurveyRound,
)
from assessments.models.surveys import token_digest
from assessments.slope import score_scenario
from assessments.survey import Statement, instrument, scenario_evidence
from convergence.models import Workspace

_NUMBERED = re.compile(r"^([A-Z]{3})-(\d+)$")


class Refused(Exception):
    """An answer or a change the round does not take; the message says why, for the person."""


ROUND_CLOSED = "This survey round has closed: it takes no more answers. Thank you."


def default_instrument(workspace: Workspace) -> SurveyInstrument:
    """The workspace's copy of the published instrument, made the first time it is needed."""
    found = SurveyInstrument.objects.filter(workspace=workspace, is_default=True).first()
    if found is not None:
        return found
    statements = [s._asdict() for s in instrument.DEFAULT_STATEMENTS]
    with transaction.atomic():
        Workspace.objects.select_for_update().filter(pk=workspace.pk).first()
        found = SurveyInstrument.objects.filter(workspace=workspace, is_default=True).first()
        if found is not None:
            return found
        return SurveyInstrument.objects.create(
            workspace=workspace,
            version=next_version(workspace),
            is_default=True,
            statements=statements,
        )


def next_version(workspace: Workspace) -> int:
    latest = SurveyInstrument.objects.filter(workspace=workspace).aggregate(v=Max("version"))["v"]
    return (latest or 0) + 1


def current_instrument(workspace: Workspace) -> SurveyInstrument:
    """The newest version: the last edit, or the default when nothing was edited."""
    latest = SurveyInstrument.objects.filter(workspace=workspace).order_by("-version").first()
    return latest or default_instrument(workspace)


def used_statement_ids(workspace: Workspace) -> set[str]:
    """Every id any version ever gave, so a new statement never takes a retired one's id."""
    ids: set[str] = set()
    for statements in SurveyInstrument.objects.filter(workspace=workspace).values_list(
        "statements", flat=True
    ):
        ids.update(s["id"] for s in statements)
    return ids | {s.id for s in instrument.DEFAULT_STATEMENTS}


def new_statement_id(criterion: str, taken: set[str]) -> str:
    numbers = [
        int(match.group(2))
        for statement_id in taken
        if (match := _NUMBERED.match(statement_id)) and match.group(1) == criterion
    ]
    statement_id = f"{criterion}-{max(numbers, default=0) + 1}"
    taken.add(statement_id)
    return statement_id


def save_instrument(
    workspace: Workspace,
    kept: Sequence[Statement],
    added: Mapping[str, Sequence[str]],
    user_id: int | None,
) -> SurveyInstrument:
    """A new version: the kept statements (reworded or not, in order), then the added ones per
    criterion with fresh ids. Rounds opened before keep their own version."""
    taken = used_statement_ids(workspace)
    statements = list(kept)
    for criterion, texts in added.items():
        statements += [Statement(new_statement_id(criterion, taken), criterion, t) for t in texts]
    if not statements:
        raise Refused("An instrument needs at least one statement.")
    order = list(instrument.CRITERIA)
    statements.sort(key=lambda s: order.index(s.criterion))
    with transaction.atomic():
        Workspace.objects.select_for_update().filter(pk=workspace.pk).first()
        return SurveyInstrument.objects.create(
            workspace=workspace,
            version=next_version(workspace),
            statements=[s._asdict() for s in statements],
            created_by_id=user_id,
        )


def scope_of(survey_round: SurveyRound) -> Scope:
    return Scope(
        granularity=survey_round.granularity,
        business_depth=survey_round.business_depth,
        it_depth=survey_round.it_depth,
        unit_ids=frozenset(survey_round.unit_ids),
    )


def close_round(round_id: int) -> bool:
    """Close an open round once: from now on it takes no answer. False when it was already
    closed (a second click, or the sweep came first). Its evidence follows (freeze_evidence)."""
    claimed = SurveyRound.objects.filter(pk=round_id, status=RoundStatus.OPEN).update(
        status=RoundStatus.CLOSED, closed_at=timezone.now()
    )
    return claimed == 1


def freeze_evidence(round_id: int, user_id: int | None = None) -> bool:
    """Assess a closed round's scope and keep the assessment and its evidence with the round,
    all or nothing, once: False when the round is open or already has its evidence. On the
    10,000-unit benchmark this takes most of a minute, so it runs as a background task."""
    with transaction.atomic():
        survey_round = (
            SurveyRound.objects.select_for_update()
            .filter(pk=round_id, status=RoundStatus.CLOSED, evidence={})
            .first()
        )
        if survey_round is None:
            return False
        scope = scope_of(survey_round)
        data = read_scope(survey_round.workspace_id, scope)
        result = score_scenario(data.scenario, with_gaps=False)
        survey_round.assessment = store_assessment(
            new_assessment(survey_round.workspace_id, scope, data, result, user_id),
            unit_score_rows(data, result),
        )
        evidence = scenario_evidence(data.scenario, result.scope.rating.dimensions)
        survey_round.evidence = {k: None if v is None else str(v) for k, v in evidence.items()}
        survey_round.save(update_fields=["assessment", "evidence"])
    return True


def awaiting_evidence(closed_before: dt.datetime) -> list[int]:
    """Rounds closed before then whose evidence never came (a lost task or a failed one)."""
    waiting = SurveyRound.objects.filter(
        status=RoundStatus.CLOSED, evidence={}, closed_at__lt=closed_before
    )
    return list(waiting.values_list("pk", flat=True))


def close_due_rounds(now: dt.datetime | None = None) -> list[int]:
    """Close every open round whose closing date has passed; return the ids this run closed."""
    due = SurveyRound.objects.filter(
        status=RoundStatus.OPEN, closes_at__lte=now or timezone.now()
    ).values_list("pk", flat=True)
    return [pk for pk in list(due) if close_round(pk)]


def response_for(survey_round: SurveyRound, token: str | None) -> SurveyResponse | None:
    if not token:
        return None
    return SurveyResponse.objects.filter(
        round=survey_round, token_digest=token_digest(token)
    ).first()


def start_response(
    survey_round: SurveyRound, token: str, side: str, unit_id: int | None, role_level: str
) -> SurveyResponse:
    """The device's response to the round, made once (a second start keeps the first)."""
    if not survey_round.accepts_answers:
        raise Refused(ROUND_CLOSED)
    response, _ = SurveyResponse.objects.get_or_create(
        round=survey_round,
        token_digest=token_digest(token),
        defaults={"side": side, "unit_id": unit_id, "role_level": role_level},
    )
    return response


def record_answers(response: SurveyResponse, answers: Mapping[str, int | None]) -> None:
    """Merge one criterion's answers into the response, unless the round has closed."""
    with transaction.atomic():
        locked = (
            SurveyResponse.objects.select_for_update().select_related("round").get(pk=response.pk)
        )
        if not locked.round.accepts_answers:
            raise Refused(ROUND_CLOSED)
        locked.answers = {**locked.answers, **answers}
        locked.save(update_fields=["answers"])
    response.answers = locked.answers


def next_criterion(survey_round: SurveyRound, response: SurveyResponse) -> str | None:
    """The first criterion with a statement the respondent has not reached, or None (done)."""
    for criterion, _, statements in survey_round.instrument.by_criterion():
        if any(s.id not in response.answers for s in statements):
            return criterion
    return None
