"""Bearer-token auth and the one way an API route reaches its workspace."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Path
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer

from convergence.models import Capability, Membership
from convergence.tokens import Caller, caller_for


class TokenAuth(HttpBearer):
    """`Authorization: Bearer cvg_...`: a live token whose owner is still a member."""

    def authenticate(self, request: HttpRequest, token: str) -> Caller:
        caller = caller_for(token.strip())
        if caller is None:
            raise AuthenticationError(
                message="Unknown, revoked or expired token (or its owner left the workspace)."
            )
        return caller

    def __call__(self, request: HttpRequest) -> Caller:
        caller = super().__call__(request)
        if caller is None:
            raise AuthenticationError(message="Send a token: Authorization: Bearer <token>.")
        assert isinstance(caller, Caller)
        return caller


def member(request: HttpRequest, slug: str, capability: Capability) -> Membership:
    """The caller's membership of workspace `slug`: 404 if the token is another workspace's
    (a stranger cannot learn the workspace exists), 403 if the role lacks the capability."""
    caller = getattr(request, "auth", None)
    if not isinstance(caller, Caller):
        raise AuthenticationError()
    membership = caller.membership
    if membership.workspace.slug != slug:
        raise Http404("No such workspace")
    if not membership.can(capability):
        raise HttpError(403, f"Your role ({membership.get_role_display()}) cannot do this.")
    return membership


# The workspace in every route's path (/api/w/{slug}/...): declared a path parameter, as ninja
# sees only the operation's own part of the path when it reads the signature.
Slug = Path[str]
