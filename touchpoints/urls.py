from django.urls import include, path

from convergence.views import workspace_home
from touchpoints import views, views_channels, views_import, views_units

urlpatterns = [
    path("", workspace_home, name="workspace_home"),
    path("touchpoints/", views.touchpoint_list, name="touchpoint_list"),
    path("touchpoints/new/", views.touchpoint_create, name="touchpoint_create"),
    path("touchpoints/<int:pk>/edit/", views.touchpoint_edit, name="touchpoint_edit"),
    path("touchpoints/<int:pk>/delete/", views.touchpoint_delete, name="touchpoint_delete"),
    path("units/", views.orgunit_list, name="orgunit_list"),
    path("units/choices/", views_units.unit_choices, name="unit_choices"),
    path("channels/", views_channels.channel_list, name="channel_list"),
    path("channels/<int:pk>/edit/", views_channels.channel_edit, name="channel_edit"),
    path("channels/<int:pk>/delete/", views_channels.channel_delete, name="channel_delete"),
    path("units/<int:pk>/side/", views_units.unit_side, name="unit_side"),
    path("imports/", views_import.import_list, name="import_list"),
    path("imports/new/", views_import.import_upload, name="import_upload"),
    path("imports/<int:pk>/", views_import.import_job, name="import_job"),
    path("imports/<int:pk>/preview/", views_import.import_preview, name="import_preview"),
    path("imports/<int:pk>/apply/", views_import.import_apply, name="import_apply"),
    path("", include("touchpoints.workshops.urls")),
]
