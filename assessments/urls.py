from django.urls import URLPattern, URLResolver, path

from assessments.views import actions, dashboard, plans, reports, targets

urlpatterns: list[URLPattern | URLResolver] = [
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
    path("plan/", plans.plan, name="plan"),
    path("plan/export.<str:fmt>", plans.plan_export, name="plan_export"),
    path("plan/next-best/", plans.plan_next_best, name="plan_next_best"),
    path("plan/next-best/add/", plans.plan_next_best_add, name="plan_next_best_add"),
    path("plan/targets/new/", targets.target_new, name="target_new"),
    path("plan/targets/<int:pk>/", targets.target_edit, name="target_edit"),
    path("plan/targets/<int:pk>/delete/", targets.target_delete, name="target_delete"),
    path("plan/actions/new/", actions.action_new, name="action_new"),
    path("plan/actions/<int:pk>/", actions.action_detail, name="action_detail"),
    path("plan/actions/<int:pk>/edit/", actions.action_edit, name="action_edit"),
    path("plan/actions/<int:pk>/move/", actions.action_move, name="action_move"),
    path(
        "plan/actions/<int:pk>/touch-points/",
        actions.action_add_touchpoint,
        name="action_add_touchpoint",
    ),
    path("plan/actions/<int:pk>/delete/", actions.action_delete, name="action_delete"),
]
