from __future__ import annotations

from typing import Any

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods, require_POST
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from convergence.access import get_membership, signed_in_user
from convergence.htmx import HtmxHttpRequest, render_page
from convergence.models import Capability, GroupMapping, Membership, Role
from convergence.sso import config
from convergence.sso.edits import change_mapping, create_mapping, delete_mapping
from convergence.sso.forms import GroupMappingForm, MappingRoleForm

UNREACHABLE = "The identity provider did not answer; try again in a moment."


class SsoAuthenticateView(OIDCAuthenticationRequestView):  # type: ignore[misc]  # untyped library
    """Sends the browser to the provider; 404 while single sign-on is not configured."""

    get_settings = staticmethod(config.setting)

    def __init__(self, **kwargs: Any) -> None:
        """The endpoints are read in get(), where a provider that does not answer is said so."""
        super(OIDCAuthenticationRequestView, self).__init__(**kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not config.enabled():
            raise Http404("Single sign-on is not configured")
        try:
            self.OIDC_OP_AUTH_ENDPOINT = config.setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except requests.RequestException:
            messages.error(request, UNREACHABLE)
            return redirect("login")
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        response: HttpResponse = super().get(request)
        return response


class SsoCallbackView(OIDCAuthenticationCallbackView):  # type: ignore[misc]  # untyped library
    """The provider's answer: the account signed in, or the login page saying why not."""

    get_settings = staticmethod(config.setting)

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            response: HttpResponse = super().get(request)
        except requests.HTTPError:  # the provider answered, refusing the code
            return self.login_failure()
        except requests.RequestException:
            messages.error(request, UNREACHABLE)
            return redirect("login")
        return response

    def login_failure(self) -> HttpResponse:
        messages.error(
            self.request, "Single sign-on did not sign you in. Try again, or ask an admin."
        )
        return redirect("login")


@login_required
@require_http_methods(["GET", "POST"])
def group_mapping_list(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, Capability.ADMINISTER)
    form = GroupMappingForm(request.POST or None, workspace=membership.workspace)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        create_mapping(membership.workspace, data["group"], data["role"], signed_in_user(request))
        messages.success(request, f"Members of {data['group']} now join as {data['role']}.")
        return redirect("group_mapping_list", slug)
    return mappings_page(request, membership, form)


def mappings_page(
    request: HtmxHttpRequest, membership: Membership, form: GroupMappingForm
) -> HttpResponse:
    workspace = membership.workspace
    context = membership.page_context(
        form=form,
        mappings=workspace.group_mappings.all(),
        roles=Role.choices,
        sso_enabled=config.enabled(),
        groups_claim=settings.OIDC_GROUPS_CLAIM,
        sso_member_count=workspace.memberships.filter(from_sso=True).count(),
    )
    return render_page(request, "sso/group_mappings.html", context, partial="mappings")


@login_required
@require_POST
def group_mapping_edit(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.ADMINISTER)
    mapping = get_object_or_404(GroupMapping, pk=pk, workspace=membership.workspace)
    form = MappingRoleForm(request.POST)
    if form.is_valid():
        change_mapping(mapping, form.cleaned_data["role"], signed_in_user(request))
        messages.success(request, f"Members of {mapping.group} now join as {mapping.role}.")
    else:
        messages.error(request, "Choose one of the four roles.")
    return redirect("group_mapping_list", slug)


@login_required
@require_POST
def group_mapping_delete(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.ADMINISTER)
    mapping = get_object_or_404(GroupMapping, pk=pk, workspace=membership.workspace)
    delete_mapping(mapping, signed_in_user(request))
    messages.success(request, f"{mapping.group} no longer grants a role here.")
    return redirect("group_mapping_list", slug)
