"""Workshop URLs inside a workspace; the participants' own are in urls_participants."""

from django.urls import path

from touchpoints.workshops.views import board, facilitation, outcome, planning

urlpatterns = [
    path("workshops/", planning.workshop_list, name="workshop_list"),
    path("workshops/new/", planning.workshop_create, name="workshop_create"),
    path("workshops/units/", planning.scope_unit_search, name="workshop_unit_search"),
    path("workshops/units/<int:pk>/branch/", planning.scope_branch, name="workshop_unit_branch"),
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
    path("workshops/<int:pk>/collect/", facilitation.workshop_collect, name="workshop_collect"),
    path("workshops/<int:pk>/outcome/", outcome.workshop_outcome, name="workshop_outcome"),
    path(
        "workshops/<int:pk>/proposals/merge/",
        facilitation.proposals_merge,
        name="proposals_merge",
    ),
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
