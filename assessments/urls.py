from django.urls import path

from assessments import views

urlpatterns: list = [
    path("reports/", views.report_list, name="report_list"),
    path("reports/request/", views.report_request, name="report_request"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/retry/", views.report_retry, name="report_retry"),
    path("reports/<int:pk>/download/<str:fmt>/", views.report_download, name="report_download"),
    path("reports/recommendations/", views.recommendation_texts, name="recommendation_texts"),
    path("reports/schedules/", views.report_schedules, name="report_schedules"),
]
