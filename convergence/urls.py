from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from convergence import views
from convergence.api import views as api_views
from convergence.api.core import api

handler403 = "convergence.errors.permission_denied"
handler404 = "convergence.errors.page_not_found"
handler500 = "convergence.errors.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
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
    path("", include("touchpoints.workshops.urls_participants")),
    path("", include("assessments.urls_respondents")),
    path("w/<slug:slug>/", include("touchpoints.urls")),
    path("w/<slug:slug>/", include("assessments.urls")),
]
