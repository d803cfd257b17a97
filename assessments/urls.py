from django.urls import path

from assessments import views, views_dashboard

urlpatterns: list = [
    path("reports/", views.report_list, name="report_list"),
    path("reports/request/", views.report_request, name="report_request"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/retry/", views.report_retry, name="report_retry"),
    path("reports/<int:pk>/download/<str:fmt>/", views.report_download, name="report_download"),
    path("reports/recommendations/", views.recommendation_texts, name="recommendation_texts"),
    path("reports/schedules/", views.report_schedules, name="report_schedules"),
    path("dashboard/", views_dashboard.dashboard, name="dashboard"),
    path("dashboard/heatmaps/", views_dashboard.dashboard_heatmaps, name="dashboard_heatmaps"),
    path(
        "dashboard/heatmaps/teams/",
        views_dashboard.dashboard_team_heatmap,
        name="dashboard_team_heatmap",
    ),
    path("dashboard/heatmaps/cell/", views_dashboard.dashboard_cell, name="dashboard_cell"),
    path("dashboard/rollup/", views_dashboard.dashboard_rollup, name="dashboard_rollup"),
    path("dashboard/network/", views_dashboard.dashboard_network, name="dashboard_network"),
    path(
        "dashboard/network.json",
        views_dashboard.dashboard_network_data,
        name="dashboard_network_data",
    ),
    path("dashboard/compare/", views_dashboard.dashboard_compare, name="dashboard_compare"),
]
