from __future__ import annotations

from collections.abc import Callable
from smtplib import SMTPException

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from convergence.access import get_membership, signed_in_user
from convergence.htmx import HtmxHttpRequest
from convergence.invitations import (
    InvitationUnusable,
    accept,
    accept_with_new_account,
    account_exists,
    find,
    invite,
    revoke,
)
from convergence.invitations.forms import InviteForm, NewAccountForm
from convergence.models import Capability, Invitation, InvitationStatus, Membership
from convergence.passwords import sign_in_context
from convergence.views import members_page

PASSWORD_BACKEND = "convergence.passwords.PasswordBackend"


@login_required
@require_POST
def invitation_create(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, Capability.ADMINISTER)
    form = InviteForm(request.POST, workspace=membership.workspace)
    if not form.is_valid():
        return members_page(request, membership, invite_form=form)
    email, role = form.cleaned_data["email"], form.cleaned_data["role"]
    try:
        invite(membership.workspace, email, role, signed_in_user(request))
    except (OSError, SMTPException) as error:
        messages.error(request, f"The mail to {email} could not be sent ({error}): nothing saved.")
    else:
        messages.success(request, f"Invitation sent to {email}.")
    return redirect("member_list", slug)


@login_required
@require_POST
def invitation_revoke(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.ADMINISTER)
    invitation = get_object_or_404(Invitation, pk=pk, workspace=membership.workspace)
    if revoke(invitation, signed_in_user(request)):
        messages.success(request, f"The invitation to {invitation.email} is revoked.")
    else:
        messages.error(request, f"The invitation to {invitation.email} was no longer pending.")
    return redirect("member_list", slug)


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """The invitation's link: join with this account, a new one, or through single sign-on."""
    invitation = find(token)
    if invitation is None or invitation.status != InvitationStatus.PENDING:
        return unusable(request, invitation)
    if request.method == "POST" and request.user.is_authenticated:
        return joined(request, invitation, lambda: accept(invitation, signed_in_user(request)))
    offers_account = settings.LOCAL_PASSWORDS and not request.user.is_authenticated
    has_account = account_exists(invitation.email)
    form = NewAccountForm(request.POST or None) if offers_account and not has_account else None
    if form is not None and request.method == "POST" and form.is_valid():
        user = form.save(commit=False)
        return joined(request, invitation, lambda: accept_with_new_account(invitation, user))
    context = {"invitation": invitation, "form": form, "has_account": has_account}
    return render(request, "invitations/accept.html", {**context, **sign_in_context()})


def joined(
    request: HtmxHttpRequest, invitation: Invitation, join: Callable[[], Membership]
) -> HttpResponse:
    """Make the membership (signing a new account in); the link may have gone meanwhile."""
    try:
        membership = join()
    except InvitationUnusable:
        invitation.refresh_from_db()
        return unusable(request, invitation)
    if not request.user.is_authenticated:
        login(request, membership.user, backend=PASSWORD_BACKEND)
    messages.success(request, f"Welcome to {invitation.workspace.name}.")
    return redirect("workspace_home", membership.workspace.slug)


def unusable(request: HtmxHttpRequest, invitation: Invitation | None) -> HttpResponse:
    """What a dead link says: unknown (404), or used, revoked or expired (410)."""
    context = {"invitation": invitation, "status": invitation.status if invitation else None}
    return render(request, "invitations/unusable.html", context, status=410 if invitation else 404)
