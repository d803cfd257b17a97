from django.urls import include, path

from convergence.views import workspace_home
from touchpoints.views import channels, imports, meeting_rules, people, touchpoints, units

urlpatterns = [
    path("", workspace_home, name="workspace_home"),
    path("touchpoints/", touchpoints.touchpoint_list, name="touchpoint_list"),
    path("touchpoints/new/", touchpoints.touchpoint_create, name="touchpoint_create"),
    path("touchpoints/<int:pk>/edit/", touchpoints.touchpoint_edit, name="touchpoint_edit"),
    path("touchpoints/<int:pk>/delete/", touchpoints.touchpoint_delete, name="touchpoint_delete"),
    path("units/", units.orgunit_list, name="orgunit_list"),
    path("units/choices/", units.unit_choices, name="unit_choices"),
    path("channels/", channels.channel_list, name="channel_list"),
    path("channels/<int:pk>/edit/", channels.channel_edit, name="channel_edit"),
    path("channels/<int:pk>/delete/", channels.channel_delete, name="channel_delete"),
    path("units/<int:pk>/side/", units.unit_side, name="unit_side"),
    path("units/mark/", units.units_mark, name="units_mark"),
    path("imports/", imports.import_list, name="import_list"),
    path("imports/new/", imports.import_upload, name="import_upload"),
    path("imports/<int:pk>/", imports.import_job, name="import_job"),
    path("imports/<int:pk>/preview/", imports.import_preview, name="import_preview"),
    path("imports/<int:pk>/apply/", imports.import_apply, name="import_apply"),
    path("meetings/level-rules/", meeting_rules.level_rules, name="level_rules"),
    path("meetings/channel-keywords/", meeting_rules.channel_keywords, name="channel_keywords"),
    path("people/", people.person_list, name="person_list"),
    path("people/<int:pk>/erase/", people.person_erase, name="person_erase"),
    path("", include("touchpoints.workshops.urls")),
]
