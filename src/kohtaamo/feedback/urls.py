from django.urls import path

from .views import staff

urlpatterns = [
    path("", staff.dashboard, name="feedback-dashboard"),
    path("drivers/", staff.drivers, name="feedback-drivers"),
    path("verbatims/", staff.verbatims, name="feedback-verbatims"),
    path("invitations/", staff.invitations, name="feedback-invitations"),
    path("follow-ups/", staff.follow_ups, name="feedback-follow-ups"),
    path("follow-ups/<int:follow_up_id>/", staff.follow_up_detail, name="feedback-follow-up"),
    path("follow-ups/<int:follow_up_id>/close/", staff.follow_up_close, name="feedback-follow-up-close"),
]
