from django.urls import path

from convergence.webhooks import views

urlpatterns = [
    path("webhooks/", views.webhook_list, name="webhook_list"),
    path("webhooks/<int:pk>/", views.webhook_detail, name="webhook_detail"),
    path("webhooks/<int:pk>/delete/", views.webhook_delete, name="webhook_delete"),
    path("webhooks/<int:pk>/rotate/", views.webhook_rotate, name="webhook_rotate"),
    path("webhooks/<int:pk>/ping/", views.webhook_ping, name="webhook_ping"),
    path(
        "webhooks/<int:pk>/deliveries/<int:delivery>/retry/",
        views.delivery_retry,
        name="webhook_delivery_retry",
    ),
]
