"""The one way a view reaches a workspace: membership checked, role enforced.

No membership answers 404 (a stranger cannot even learn the workspace exists); a member
whose role lacks the capability gets 403.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from convergence.models import Capability, Membership


def get_membership(request: HttpRequest, slug: str, capability: Capability) -> Membership:
    """Return the user's membership of workspace `slug`, or raise 404 / 403."""
    membership = membership_or_none(request.user, slug)
    if membership is None:
        raise Http404("No such workspace")
    if not membership.can(capability):
        raise PermissionDenied(f"Your role ({membership.get_role_display()}) cannot do this")
    return membership


def membership_or_none(user: AbstractBaseUser | AnonymousUser, slug: str) -> Membership | None:
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.select_related("workspace", "user")
        .filter(user_id=user.pk, workspace__slug=slug)
        .first()
    )


def signed_in_user(request: HttpRequest) -> User:
    """The account of a view behind login_required (which already sent strangers away), typed as
    the User it is rather than the request's `User | AnonymousUser`."""
    if not isinstance(request.user, User):
        raise PermissionDenied("Log in first")
    return request.user


def signed_in_user_id(request: HttpRequest) -> int:
    """The user's id in a view behind login_required (which already sent strangers away)."""
    if request.user.pk is None:
        raise PermissionDenied("Log in first")
    return int(request.user.pk)
