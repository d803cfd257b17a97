"""The API tokens page: a member's own tokens of a workspace, made (shown once) and revoked."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from convergence.access import get_membership, signed_in_user
from convergence.api.forms import ApiTokenForm
from convergence.htmx import HtmxHttpRequest, render_page
from convergence.models import ApiToken, Capability, Membership
from convergence.tokens import issue_token, revoke_token

TEMPLATE = "api/tokens.html"


def own_tokens(membership: Membership) -> list[ApiToken]:
    tokens = ApiToken.objects.filter(workspace=membership.workspace, user_id=membership.user_id)
    return list(tokens.select_related("user")[:100])


# never_cache: the page that shows a new token in clear must not be kept by any cache.
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, Capability.VIEW)
    form = ApiTokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        issued = issue_token(membership, form.cleaned_data["name"], form.expires_at())
        form = ApiTokenForm()
    context = membership.page_context(form=form, issued=issued, tokens=own_tokens(membership))
    context["api_base"] = request.build_absolute_uri(f"/api/w/{slug}/")
    return render_page(request, TEMPLATE, context, partial="tokens")


@login_required
@require_POST
def api_token_revoke(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.VIEW)
    token = get_object_or_404(
        ApiToken.objects.select_related("user", "workspace"),
        pk=pk,
        workspace=membership.workspace,
        user_id=membership.user_id,
    )
    if revoke_token(token, signed_in_user(request)):
        messages.success(request, f"Revoked {token}: it no longer signs anything in.")
    else:
        messages.info(request, f"{token} was already revoked.")
    return redirect("api_tokens", slug)
