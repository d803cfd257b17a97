"""Participant URLs: outside any workspace, reached by a workshop's join code only."""

from django.urls import path

from touchpoints.workshops.views import participants

urlpatterns = [
    path("join/", participants.join, name="join"),
    path("join/<str:code>/", participants.join_workshop, name="join_workshop"),
    path("live/<str:code>/", participants.participant_home, name="participant_home"),
    path("live/<str:code>/propose/", participants.participant_propose, name="participant_propose"),
    path(
        "live/<str:code>/rate/<int:touchpoint_pk>/",
        participants.participant_rate,
        name="participant_rate",
    ),
]
