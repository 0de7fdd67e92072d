from django.urls import path

from . import views, webhook_views

urlpatterns = [
    path("", views.incident_list, name="notify-incidents"),
    path("new/", views.incident_declare, name="notify-declare"),
    path("preview/", views.incident_preview_view, name="notify-preview"),
    path("report/", views.incident_report, name="notify-report"),
    path("messages/", views.message_list, name="notify-messages"),
    path("dead-letters/", views.dead_letter_list, name="notify-dead-letters"),
    path("settings/", views.notify_settings, name="notify-settings"),
    path("webhooks/", webhook_views.webhook_list, name="notify-webhooks"),
    path("webhooks/<int:subscription_id>/", webhook_views.webhook_change, name="notify-webhook-change"),
    path("<int:incident_id>/", views.incident_detail, name="notify-incident"),
    path("<int:incident_id>/progress/", views.incident_progress, name="notify-progress"),
    path("<int:incident_id>/change/", views.incident_change, name="notify-change"),
    path("<int:incident_id>/preview/", views.incident_preview_view, name="notify-change-preview"),
    path("deliveries/<int:delivery_id>/retry/", views.delivery_retry_view, name="notify-retry"),
]
