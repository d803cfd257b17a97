"""/api/w/{slug}/surveys/: survey rounds and their results, aggregates only (as the results
page and its exports: no figure of a group under the survey's minimum, no single answer)."""

from typing import Any

from django.db.models import Count
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from assessments.access import get_round
from assessments.api.schemas import RoundOut, RoundResultsOut
from assessments.models import RoundStatus
from assessments.round_results import round_results
from assessments.survey.output import survey_to_json
from convergence.api.auth import Slug, member
from convergence.api.errors import READ_ERRORS
from convergence.api.filters import narrowed
from convergence.api.pagination import Pages
from convergence.models import Capability

router = Router()


class RoundFilters(Schema):
    status: RoundStatus | None = None


@router.get("", response={200: list[RoundOut], **READ_ERRORS})
@paginate(Pages)
def list_rounds(request: HttpRequest, slug: Slug, filters: Query[RoundFilters]) -> object:
    membership = member(request, slug, Capability.REPORTS)
    rounds = membership.workspace.survey_rounds.annotate(respondents=Count("responses"))
    return narrowed(rounds, status=filters.status).order_by("-created_at", "-pk")


@router.get("{int:pk}/results/", response={200: RoundResultsOut, **READ_ERRORS})
def results(request: HttpRequest, slug: Slug, pk: int) -> dict[str, Any]:
    survey_round = get_round(member(request, slug, Capability.REPORTS), pk)
    return {"round": survey_round.pk, **survey_to_json(round_results(survey_round).result)}
