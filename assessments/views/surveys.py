"""Survey rounds, for facilitators and admins: the list, opening a round, its share link and
QR code with live counts, closing it, and editing the instrument; for managers: the results
and their files."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from assessments import rounds
from assessments.access import get_round
from assessments.forms.surveys import InstrumentForm, RoundForm
from assessments.models import SurveyRound
from assessments.round_chart import round_chart
from assessments.round_exports import file_name, results_csv, results_xlsx
from assessments.round_results import counts_by_side, round_results
from assessments.survey import instrument
from assessments.tasks import enqueue_evidence
from convergence.access import get_membership, signed_in_user_id
from convergence.htmx import HtmxHttpRequest, go_to, is_fragment
from convergence.models import Capability, Membership
from convergence.qr import qr_svg

LIST = "assessments/survey_list.html"
EXPORTS = {
    "csv": ("text/csv; charset=utf-8", results_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", results_xlsx),
}


def list_context(membership: Membership, form: RoundForm | None = None) -> dict[str, object]:
    survey_rounds = membership.workspace.survey_rounds.select_related("instrument").annotate(
        respondents=Count("responses")
    )
    context = membership.page_context(survey_rounds=survey_rounds)
    if membership.can(Capability.RUN_WORKSHOPS):
        context["form"] = form or RoundForm(workspace=membership.workspace)
    return context


@login_required
def survey_list(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, Capability.REPORTS)
    return render(request, LIST, list_context(membership))


@login_required
@require_POST
def round_open(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, Capability.RUN_WORKSHOPS)
    form = RoundForm(request.POST, workspace=membership.workspace)
    if not form.is_valid():
        context = list_context(membership, form)
        return render(request, f"{LIST}#open" if is_fragment(request) else LIST, context)
    survey_round = form.new_round(request.user)
    survey_round.save()
    messages.success(request, "Round opened: share its link or QR code.")
    return go_to(request, reverse("round_detail", args=[slug, survey_round.pk]))


def share_link(request: HtmxHttpRequest, survey_round: SurveyRound) -> str:
    return request.build_absolute_uri(reverse("survey_start", args=[survey_round.link_token]))


@login_required
def round_detail(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.RUN_WORKSHOPS)
    survey_round = get_round(membership, pk)
    context = membership.page_context(
        survey_round=survey_round, counts=counts_by_side(survey_round)
    )
    context["min_group"] = instrument.MIN_GROUP
    template = "assessments/round_detail.html"
    if is_fragment(request):
        return render(request, f"{template}#counts", context)
    link = share_link(request, survey_round)
    context |= {"link": link, "qr": qr_svg(link, "QR code of the survey link")}
    return render(request, template, context)


@login_required
def round_qr(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.RUN_WORKSHOPS)
    survey_round = get_round(membership, pk)
    svg = qr_svg(share_link(request, survey_round), "QR code of the survey link")
    return HttpResponse(svg, content_type="image/svg+xml")


@login_required
@require_POST
def round_close(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.RUN_WORKSHOPS)
    survey_round = get_round(membership, pk)
    if rounds.close_round(survey_round.pk):
        enqueue_evidence(survey_round.pk, signed_in_user_id(request))
        messages.success(
            request,
            "Round closed. Its scope is being assessed: the evidence is kept with the round.",
        )
    else:
        messages.info(request, "This round was already closed.")
    return go_to(request, reverse("round_results", args=[slug, pk]))


@login_required
def round_results_page(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.REPORTS)
    survey_round = get_round(membership, pk)
    results = round_results(survey_round)
    context = membership.page_context(survey_round=survey_round, results=results)
    context |= {"chart": round_chart(results), "criteria_names": instrument.CRITERIA}
    context["evidence_sources"] = instrument.EVIDENCE_SOURCES
    return render(request, "assessments/round_results.html", context)


@login_required
def round_download(request: HtmxHttpRequest, slug: str, pk: int, fmt: str) -> HttpResponse:
    membership = get_membership(request, slug, Capability.REPORTS)
    if fmt not in EXPORTS:
        raise Http404("No such format")
    results = round_results(get_round(membership, pk))
    content_type, build = EXPORTS[fmt]
    disposition = f'attachment; filename="{file_name(results, fmt)}"'
    return HttpResponse(
        build(results), content_type=content_type, headers={"Content-Disposition": disposition}
    )


@login_required
@require_http_methods(["GET", "POST"])
def instrument_edit(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, Capability.RUN_WORKSHOPS)
    current = rounds.current_instrument(membership.workspace)
    form = InstrumentForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        if not form.changes_anything():
            messages.info(request, "Nothing changed: no new version was saved.")
            return go_to(request, reverse("survey_list", args=[slug]))
        try:
            saved = rounds.save_instrument(
                membership.workspace, form.kept(), form.added(), signed_in_user_id(request)
            )
        except rounds.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"Saved {saved.label}; rounds opened before keep theirs.")
            return go_to(request, reverse("survey_list", args=[slug]))
    context = membership.page_context(form=form, current=current)
    return render(request, "assessments/instrument_edit.html", context)
