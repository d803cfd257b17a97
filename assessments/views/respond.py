"""Answering a survey round from a phone, without an account, by the round's link only.

The session holds {round id: random device token}; the database keeps only a digest of the
token. Every view finds the round by the link token in the URL and the response by (that round,
the device token), so a device reaches its own response of that one round and nothing else.
"""

from __future__ import annotations

import secrets

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from assessments import rounds
from assessments.answer_limit import over_limit
from assessments.forms.surveys import CriterionForm, StartForm
from assessments.models import SurveyResponse, SurveyRound
from assessments.round_results import round_results
from assessments.survey import Statement, instrument
from touchpoints.models import OrgUnit

SESSION_KEY = "survey_tokens"
UNIT_MATCHES = 20
TOO_MANY = "Too many answers from this network in a short time. Wait a few minutes and try again."


def round_by_link(token: str) -> SurveyRound:
    return get_object_or_404(SurveyRound.objects.select_related("instrument"), link_token=token)


def device_token(request: HttpRequest, survey_round: SurveyRound) -> str | None:
    tokens: dict[str, str] = request.session.get(SESSION_KEY, {})
    return tokens.get(str(survey_round.pk))


def remember_device(request: HttpRequest, survey_round: SurveyRound, token: str) -> None:
    tokens = dict(request.session.get(SESSION_KEY, {}))
    tokens[str(survey_round.pk)] = token
    request.session[SESSION_KEY] = tokens


def device_response(request: HttpRequest, survey_round: SurveyRound) -> SurveyResponse | None:
    return rounds.response_for(survey_round, device_token(request, survey_round))


def closed_page(request: HttpRequest, survey_round: SurveyRound) -> HttpResponse:
    context = {"survey_round": survey_round, "error": rounds.ROUND_CLOSED}
    return render(request, "assessments/survey_closed.html", context, status=410)


def refused(request: HttpRequest, survey_round: SurveyRound) -> HttpResponse:
    context = {"survey_round": survey_round, "error": TOO_MANY}
    return render(request, "assessments/survey_closed.html", context, status=429)


def go_on(survey_round: SurveyRound, response: SurveyResponse) -> HttpResponse:
    """To the first criterion not yet answered, or to the thank-you page."""
    criterion = rounds.next_criterion(survey_round, response)
    if criterion is None:
        return redirect("survey_thanks", survey_round.link_token)
    return redirect("survey_criterion", survey_round.link_token, criterion)


def unit_matches(workspace_id: int, query: str) -> list[OrgUnit]:
    if not query.strip():
        return []
    units = OrgUnit.objects.filter(workspace_id=workspace_id, is_active=True)
    return list(units.filter(name__icontains=query.strip()).order_by("name")[:UNIT_MATCHES])


@require_http_methods(["GET", "POST"])
def survey_start(request: HttpRequest, token: str) -> HttpResponse:
    survey_round = round_by_link(token)
    response = device_response(request, survey_round)
    if response is not None:
        return go_on(survey_round, response)
    if not survey_round.accepts_answers:
        return closed_page(request, survey_round)
    form = StartForm(request.POST or None, workspace_id=survey_round.workspace_id)
    if request.method == "POST" and over_limit(request):
        return refused(request, survey_round)
    if request.method == "POST" and form.is_valid():
        data, new_token = form.cleaned_data, secrets.token_urlsafe(24)
        response = rounds.start_response(
            survey_round, new_token, data["side"], data["unit"], data["role_level"]
        )
        remember_device(request, survey_round, new_token)
        return go_on(survey_round, response)
    query = request.GET.get("q", "")
    context = {"survey_round": survey_round, "form": form, "query": query}
    context["units"] = unit_matches(survey_round.workspace_id, query)
    return render(request, "assessments/survey_start.html", context)


@require_GET
def survey_units(request: HttpRequest, token: str) -> HttpResponse:
    """The unit search on the first page: units of the round's workspace only."""
    survey_round = round_by_link(token)
    units = unit_matches(survey_round.workspace_id, request.GET.get("q", ""))
    return render(request, "assessments/survey_start.html#units", {"units": units})


def answers_so_far(response: SurveyResponse, statements: list[Statement]) -> dict[str, str]:
    """The form's initial choices: what this device already answered ("dk" for don't know)."""
    return {
        s.id: "dk" if response.answers[s.id] is None else str(response.answers[s.id])
        for s in statements
        if s.id in response.answers
    }


@require_http_methods(["GET", "POST"])
def survey_criterion(request: HttpRequest, token: str, criterion: str) -> HttpResponse:
    survey_round = round_by_link(token)
    response = device_response(request, survey_round)
    if response is None:
        return redirect("survey_start", token)
    steps = survey_round.instrument.by_criterion()
    position = next((i for i, step in enumerate(steps) if step[0] == criterion), None)
    if position is None:
        raise Http404("This survey has no such criterion")
    if not survey_round.accepts_answers:
        return closed_page(request, survey_round)
    _, name, statements = steps[position]
    initial = answers_so_far(response, statements)
    form = CriterionForm(request.POST or None, statements=statements, initial=initial)
    if request.method == "POST":
        if over_limit(request):
            return refused(request, survey_round)
        if form.is_valid():
            try:
                rounds.record_answers(response, form.answers())
            except rounds.Refused:
                return closed_page(request, survey_round)
            return go_on(survey_round, response)
    previous = steps[position - 1][0] if position else None
    context = {"survey_round": survey_round, "form": form, "name": name, "criterion": criterion}
    context |= {"step": position + 1, "steps": len(steps), "previous": previous}
    return render(request, "assessments/survey_criterion.html", context)


@require_GET
def survey_thanks(request: HttpRequest, token: str) -> HttpResponse:
    survey_round = round_by_link(token)
    if device_response(request, survey_round) is None and survey_round.accepts_answers:
        return redirect("survey_start", token)
    context: dict[str, object] = {"survey_round": survey_round, "min_group": instrument.MIN_GROUP}
    if survey_round.is_closed and survey_round.share_results:
        context["results"] = round_results(survey_round)
    return render(request, "assessments/survey_thanks.html", context)
