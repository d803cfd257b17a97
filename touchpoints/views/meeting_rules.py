"""The meeting rule tables' edit pages (admins): the level rules and the channel keywords."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BaseFormSet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from convergence.access import get_membership, signed_in_user
from convergence.htmx import HtmxHttpRequest
from convergence.models import Capability
from touchpoints.forms.meeting_rules import ChannelKeywordFormSet, LevelRuleFormSet
from touchpoints.meetings import rule_tables


def kept_rows(formset: BaseFormSet[Any]) -> list[dict[str, Any]]:
    """The rows to save, in their Order: deleted and untouched blank rows left out."""
    return [form.cleaned_data for form in formset.ordered_forms]


@login_required
@require_http_methods(["GET", "POST"])
def level_rules(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, Capability.ADMINISTER)
    workspace, actor = membership.workspace, signed_in_user(request)
    if "restore" in request.POST:
        rule_tables.restore_default_level_rules(workspace, actor)
        messages.success(request, "The level rules are the defaults again.")
        return redirect("level_rules", slug)
    initial = rule_tables.level_rule_initial(workspace)
    formset = LevelRuleFormSet(request.POST or None, initial=initial, prefix="rules")
    if request.method == "POST" and formset.is_valid():
        rule_tables.save_level_rules(workspace, kept_rows(formset), actor)
        messages.success(request, "Saved the level rules.")
        return redirect("level_rules", slug)
    context = membership.page_context(formset=formset)
    return render(request, "touchpoints/level_rules.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def channel_keywords(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, Capability.ADMINISTER)
    workspace, actor = membership.workspace, signed_in_user(request)
    if "restore" in request.POST:
        rule_tables.restore_default_channel_keywords(workspace, actor)
        messages.success(request, "The channel keywords are the defaults again.")
        return redirect("channel_keywords", slug)
    formset = ChannelKeywordFormSet(
        request.POST or None,
        initial=rule_tables.channel_keyword_initial(workspace),
        prefix="keywords",
        form_kwargs={"workspace": workspace},
    )
    if request.method == "POST" and formset.is_valid():
        rule_tables.save_channel_keywords(workspace, kept_rows(formset), actor)
        messages.success(request, "Saved the channel keywords.")
        return redirect("channel_keywords", slug)
    context = membership.page_context(formset=formset)
    return render(request, "touchpoints/channel_keywords.html", context)
