from django.urls import path

from assessments.views import dashboard, reports

urlpatterns: list = [
    path("reports/", reports.report_list, name="report_list"),
    path("reports/request/", reports.report_request, name="report_request"),
    path("reports/<int:pk>/", reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/retry/", reports.report_retry, name="report_retry"),
    path("reports/<int:pk>/download/<str:fmt>/", reports.report_download, name="report_download"),
    path("reports/recommendations/", reports.recommendation_texts, name="recommendation_texts"),
    path("reports/schedules/", reports.report_schedules, name="report_schedules"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/heatmaps/", dashboard.dashboard_heatmaps, name="dashboard_heatmaps"),
    path(
        "dashboard/heatmaps/teams/",
        dashboard.dashboard_team_heatmap,
        name="dashboard_team_heatmap",
    ),
    path("dashboard/heatmaps/cell/", dashboard.dashboard_cell, name="dashboard_cell"),
    path("dashboard/rollup/", dashboard.dashboard_rollup, name="dashboard_rollup"),
    path("dashboard/network/", dashboard.dashboard_network, name="dashboard_network"),
    path(
        "dashboard/network.json",
        dashboard.dashboard_network_data,
        name="dashboard_network_data",
    ),
    path("dashboard/compare/", dashboard.dashboard_compare, name="dashboard_compare"),
]
