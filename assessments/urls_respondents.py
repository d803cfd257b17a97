"""Respondent URLs: outside any workspace, reached by a round's link token only."""

from django.urls import path

from assessments.views import respond

urlpatterns = [
    path("s/<str:token>/", respond.survey_start, name="survey_start"),
    path("s/<str:token>/units/", respond.survey_units, name="survey_units"),
    path("s/<str:token>/thanks/", respond.survey_thanks, name="survey_thanks"),
    path("s/<str:token>/<str:criterion>/", respond.survey_criterion, name="survey_criterion"),
]
