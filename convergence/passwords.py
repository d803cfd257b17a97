"""Local passwords: sign-in, reset and change through Django's own views, and the switch that
turns them off (settings.LOCAL_PASSWORDS) when everyone signs in through single sign-on.

With passwords off the login page offers only single sign-on and refuses a posted password;
reset and change say so. The one exception is the break-glass account: a superuser still signs in
with a password at /admin/login/, for the day the identity provider is down.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse_lazy
from django.views import View

from convergence.sso import config as sso_config


class PasswordBackend(ModelBackend):
    """Django's username and password check, for superusers only while passwords are off."""

    def user_can_authenticate(self, user: User | AnonymousUser | None) -> bool:
        if not settings.LOCAL_PASSWORDS and not getattr(user, "is_superuser", False):
            return False
        return super().user_can_authenticate(user)


def sign_in_context() -> dict[str, object]:
    """What the login page (and an invitation's page) shows: passwords, single sign-on, both."""
    return {
        "local_passwords": settings.LOCAL_PASSWORDS,
        "sso_enabled": sso_config.enabled(),
        "sso_name": settings.OIDC_PROVIDER_NAME,
    }


class SignInView(auth_views.LoginView):
    """The login page: a password form, the single sign-on button, or the button alone."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.LOCAL_PASSWORDS:
            context = self.get_context_data(passwords_refused=True)
            return self.render_to_response(context, status=403)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**sign_in_context(), **kwargs)


class PasswordsOn(View):
    """Answers "passwords are switched off" instead of the page while LOCAL_PASSWORDS is off."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not settings.LOCAL_PASSWORDS:
            return render(request, "registration/passwords_off.html", sign_in_context(), status=403)
        return super().dispatch(request, *args, **kwargs)


class PasswordResetView(PasswordsOn, auth_views.PasswordResetView):
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")


class PasswordResetConfirmView(PasswordsOn, auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("password_reset_complete")


class PasswordChangeView(PasswordsOn, auth_views.PasswordChangeView):
    success_url = reverse_lazy("password_change_done")
