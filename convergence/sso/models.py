"""The identity a single sign-on account is known by at its provider."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SsoIdentity(models.Model):
    """A provider's subject (`iss` and `sub` of the ID token) and the account it signs in as.

    Found first at each sign-in (convergence.sso.backend), so a person whose e-mail changes at
    the provider keeps their account; the e-mail only finds an account the first time.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sso_identities"
    )
    issuer = models.CharField(max_length=300)
    subject = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "single sign-on identities"
        constraints = [
            # One account per subject of a provider: the backend looks a sign-in up by both.
            models.UniqueConstraint(fields=["issuer", "subject"], name="sso_identity_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} at {self.issuer}"
