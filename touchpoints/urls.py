from django.urls import path

from convergence.views import workspace_home
from touchpoints import views

urlpatterns = [
    path("", workspace_home, name="workspace_home"),
    path("touchpoints/", views.touchpoint_list, name="touchpoint_list"),
    path("touchpoints/new/", views.touchpoint_create, name="touchpoint_create"),
    path("touchpoints/<int:pk>/edit/", views.touchpoint_edit, name="touchpoint_edit"),
    path("touchpoints/<int:pk>/delete/", views.touchpoint_delete, name="touchpoint_delete"),
    path("units/", views.orgunit_list, name="orgunit_list"),
]
