"""The account a single sign-on finds or creates, and the memberships its groups grant.

mozilla-django-oidc runs the code flow (state, nonce, PKCE, the token exchange, the signature);
this backend adds what it leaves out: the ID token's audience and issuer are checked, the ID
token's claims and the userinfo are read together (the groups claim may be in either), a new
account is named from the claims, and each sign-in applies the workspace's group mappings.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from convergence.sso import config
from convergence.sso.mappings import apply_group_mappings, groups_of
from convergence.sso.models import SsoIdentity


class SsoBackend(OIDCAuthenticationBackend):  # type: ignore[misc]  # the library ships no types
    """OpenID Connect sign-in; answers nothing while single sign-on is not configured."""

    get_settings = staticmethod(config.setting)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """The endpoints are read when a sign-in needs them (see the properties), not for every
        request that loads a signed-in user through this backend."""
        self.UserModel = get_user_model()

    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: config.setting("OIDC_OP_TOKEN_ENDPOINT"))
    OIDC_OP_USER_ENDPOINT = property(lambda self: config.setting("OIDC_OP_USER_ENDPOINT"))
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: config.setting("OIDC_OP_JWKS_ENDPOINT"))
    OIDC_RP_CLIENT_ID = property(lambda self: settings.OIDC_RP_CLIENT_ID)
    OIDC_RP_CLIENT_SECRET = property(lambda self: settings.OIDC_RP_CLIENT_SECRET)
    OIDC_RP_SIGN_ALGO = property(lambda self: settings.OIDC_RP_SIGN_ALGO)
    OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        if not config.enabled():
            return None
        user: User | None = super().authenticate(request, **kwargs)
        return user

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token was issued for another client.")
        expected = config.issuer()
        if expected and payload.get("iss") != expected:
            raise SuspiciousOperation("The ID token names another issuer.")
        return payload

    def get_userinfo(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        """The ID token's claims, completed (and overridden) by the userinfo endpoint's."""
        return {**payload, **super().get_userinfo(access_token, id_token, payload)}

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        """A subject and an e-mail are needed (a first sign-in finds an account by it), unless
        the provider says the e-mail is not verified: it could be anyone's address then."""
        verified = claims.get("email_verified") is not False
        return bool(claims.get("sub")) and bool(claims.get("email")) and verified

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        """The account this subject signed in as before, else the one with the e-mail, never a
        superuser's: a provider that does not say whether it verified an address could hand
        anyone the break-glass account (superusers sign in with their password at /admin/)."""
        known = User.objects.filter(
            sso_identities__issuer=claims.get("iss", ""), sso_identities__subject=claims["sub"]
        )
        if known.exists():
            return known
        by_email: QuerySet[User] = super().filter_users_by_claims(claims)
        return by_email.filter(is_superuser=False)

    def create_user(self, claims: dict[str, Any]) -> User:
        user = User.objects.create_user(
            username=free_username(claims),
            email=claims["email"],
            first_name=str(claims.get("given_name", ""))[:150],
            last_name=str(claims.get("family_name", ""))[:150],
        )
        return self.update_user(user, claims)

    @transaction.atomic
    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        """Remember the subject, follow the provider's e-mail, apply the group mappings."""
        SsoIdentity.objects.get_or_create(
            issuer=claims.get("iss", ""), subject=claims["sub"], defaults={"user": user}
        )
        email = User.objects.normalize_email(claims["email"])
        if user.email != email:
            user.email = email
            user.save(update_fields=["email"])
        apply_group_mappings(user, groups_of(claims))
        return user


def free_username(claims: dict[str, Any]) -> str:
    """The username claim (else the e-mail's local part), with -2, -3... if it is taken."""
    wanted = str(claims.get(settings.OIDC_USERNAME_CLAIM) or claims["email"].split("@")[0])
    base, number, name = wanted[:140], 1, wanted[:140]
    while User.objects.filter(username__iexact=name).exists():
        number += 1
        name = f"{base}-{number}"
    return name
