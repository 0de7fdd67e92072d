from django.urls import path

from .views import previews, staff, surveys

urlpatterns = [
    path("", staff.dashboard, name="feedback-dashboard"),
    path("drivers/", staff.drivers, name="feedback-drivers"),
    path("verbatims/", staff.verbatims, name="feedback-verbatims"),
    path("invitations/", staff.invitations, name="feedback-invitations"),
    path("invitations/<int:invitation_id>/", previews.invitation_preview, name="feedback-invitation-preview"),
    path("invitations/<int:invitation_id>/page/", previews.invitation_preview_page, name="feedback-invitation-page"),
    path("follow-ups/", staff.follow_ups, name="feedback-follow-ups"),
    path("follow-ups/<int:follow_up_id>/", staff.follow_up_detail, name="feedback-follow-up"),
    path("follow-ups/<int:follow_up_id>/close/", staff.follow_up_close, name="feedback-follow-up-close"),
    path("surveys/", surveys.survey_list, name="feedback-surveys"),
    path("surveys/new/", surveys.survey_edit, name="feedback-survey-new"),
    path("surveys/<int:survey_id>/", surveys.survey_edit, name="feedback-survey"),
    path("surveys/preview/", previews.survey_preview, name="feedback-survey-new-preview"),
    path("surveys/<int:survey_id>/preview/", previews.survey_preview, name="feedback-survey-preview"),
    path("surveys/<int:survey_id>/triggers/new/", surveys.trigger_edit, name="feedback-trigger-new"),
    path("surveys/<int:survey_id>/triggers/<int:trigger_id>/", surveys.trigger_edit, name="feedback-trigger"),
    path(
        "surveys/<int:survey_id>/triggers/<int:trigger_id>/toggle/",
        surveys.trigger_toggle,
        name="feedback-trigger-toggle",
    ),
]
