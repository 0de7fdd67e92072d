from django.urls import path

from . import views

urlpatterns = [
    path("", views.journey_list, name="journeys-home"),
    path("maps/<int:journey_id>/", views.journey_map, name="journeys-map"),
    path("maps/<int:journey_id>/stages/", views.stage_add, name="journeys-stage-add"),
    path("maps/<int:journey_id>/cells/<int:stage_id>/<int:touchpoint_id>/", views.cell_toggle, name="journeys-cell"),
    path("personas/", views.persona_list, name="journeys-personas"),
    path("personas/<int:persona_id>/", views.persona_list, name="journeys-persona"),
    path("touchpoints/", views.touchpoint_list, name="journeys-touchpoints"),
    path("touchpoints/<int:touchpoint_id>/", views.touchpoint_list, name="journeys-touchpoint"),
    path("paths/", views.paths, name="journeys-paths"),
    path("pain/", views.pain_points, name="journeys-pain"),
    path("pain/<str:dimension>/", views.pain_point, name="journeys-pain-point-blank"),
    # path: a contact reason may hold "/" ("billing/late"); the key is the rest of the URL, decoded.
    path("pain/<str:dimension>/<path:key>/", views.pain_point, name="journeys-pain-point"),
    path("insights/", views.insight_list, name="journeys-insights"),
    path("actions/", views.action_list, name="journeys-actions"),
    path("actions/new/", views.action_create, name="journeys-action-new"),
    path("actions/<int:action_id>/", views.action_detail, name="journeys-action"),
    path("actions/<int:action_id>/status/", views.action_status, name="journeys-action-status"),
    path("actions/<int:action_id>/evaluate/", views.action_evaluate, name="journeys-action-evaluate"),
    path("roadmap/", views.roadmap, name="journeys-roadmap"),
    path("review/", views.cx_review, name="journeys-review"),
]
