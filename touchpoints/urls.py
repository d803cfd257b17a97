from django.urls import path

from convergence.views import workspace_home
from touchpoints import views, views_channels, views_import, views_units
from touchpoints.views_workshops import board, facilitation, planning

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
    path("workshops/", planning.workshop_list, name="workshop_list"),
    path("workshops/new/", planning.workshop_create, name="workshop_create"),
    path("workshops/units/", planning.scope_unit_search, name="workshop_unit_search"),
    path("workshops/<int:pk>/", board.workshop_board, name="workshop_board"),
    path("workshops/<int:pk>/edit/", planning.workshop_edit, name="workshop_edit"),
    path("workshops/<int:pk>/capture/", board.board_capture, name="workshop_capture"),
    path(
        "workshops/<int:pk>/touchpoints/<int:touchpoint_pk>/",
        board.board_edit,
        name="workshop_touchpoint_edit",
    ),
    path(
        "workshops/<int:pk>/touchpoints/<int:touchpoint_pk>/delete/",
        board.board_delete,
        name="workshop_touchpoint_delete",
    ),
    path(
        "workshops/<int:pk>/touchpoints/<int:touchpoint_pk>/adopt/",
        board.board_adopt,
        name="workshop_touchpoint_adopt",
    ),
    path(
        "workshops/<int:pk>/adopt/",
        facilitation.workshop_adopt_ratings,
        name="workshop_adopt_ratings",
    ),
    path("workshops/<int:pk>/phase/", facilitation.workshop_phase, name="workshop_phase"),
    path("workshops/<int:pk>/timer/", facilitation.workshop_timer, name="workshop_timer"),
    path("workshops/<int:pk>/reveal/", facilitation.workshop_reveal, name="workshop_reveal"),
    path("workshops/<int:pk>/lock/", facilitation.workshop_lock, name="workshop_lock"),
    path("workshops/<int:pk>/close/", facilitation.workshop_close, name="workshop_close"),
    path(
        "workshops/<int:pk>/proposals/<int:proposal_pk>/accept/",
        facilitation.proposal_accept,
        name="proposal_accept",
    ),
    path(
        "workshops/<int:pk>/proposals/<int:proposal_pk>/reject/",
        facilitation.proposal_reject,
        name="proposal_reject",
    ),
    path(
        "workshops/<int:pk>/proposals/<int:proposal_pk>/merge/",
        facilitation.proposal_merge,
        name="proposal_merge",
    ),
]
