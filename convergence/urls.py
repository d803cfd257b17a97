from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from convergence import passwords, views
from convergence.api import views as api_views
from convergence.api.core import api
from convergence.api.errors import no_such_route
from convergence.invitations import views as invitations
from convergence.sso import views as sso

handler403 = "convergence.errors.permission_denied"
handler404 = "convergence.errors.page_not_found"
handler500 = "convergence.errors.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("login/", passwords.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("password/reset/", passwords.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            extra_context={"timeout_hours": settings.PASSWORD_RESET_TIMEOUT // 3600}
        ),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        passwords.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("password/change/", passwords.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("invitations/<str:token>/", invitations.invitation_accept, name="invitation_accept"),
    path("admin/", admin.site.urls),
    path("w/<slug:slug>/members/", views.member_list, name="member_list"),
    path("w/<slug:slug>/members/<int:pk>/role/", views.member_role, name="member_role"),
    path("w/<slug:slug>/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("w/<slug:slug>/settings/", views.workspace_settings, name="workspace_settings"),
    path("w/<slug:slug>/audit/", views.audit_log, name="audit_log"),
    path("w/<slug:slug>/audit/export.csv", views.audit_export, name="audit_export"),
    path("w/<slug:slug>/api-tokens/", api_views.api_tokens, name="api_tokens"),
    path(
        "w/<slug:slug>/api-tokens/<int:pk>/revoke/",
        api_views.api_token_revoke,
        name="api_token_revoke",
    ),
    # The public API (convergence/api/): every app's routers, added in its AppConfig.ready.
    path("api/", api.urls),
    # Any other address under api/ (a search, not a full match: whatever follows, newlines too).
    re_path(r"^api/", no_such_route),
    path("w/<slug:slug>/members/invite/", invitations.invitation_create, name="invitation_create"),
    path(
        "w/<slug:slug>/members/invitations/<int:pk>/revoke/",
        invitations.invitation_revoke,
        name="invitation_revoke",
    ),
    path("w/<slug:slug>/members/sso/", sso.group_mapping_list, name="group_mapping_list"),
    path("w/<slug:slug>/members/sso/<int:pk>/", sso.group_mapping_edit, name="group_mapping_edit"),
    path(
        "w/<slug:slug>/members/sso/<int:pk>/delete/",
        sso.group_mapping_delete,
        name="group_mapping_delete",
    ),
    path("w/<slug:slug>/", include("convergence.webhooks.urls")),
    path("", include("touchpoints.workshops.urls_participants")),
    path("", include("assessments.urls_respondents")),
    path("w/<slug:slug>/", include("touchpoints.urls")),
    path("w/<slug:slug>/", include("assessments.urls")),
]
