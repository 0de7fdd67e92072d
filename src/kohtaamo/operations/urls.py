"""Operations and capacity: KPIs, forecasts and staffing."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.dashboard, name="operations-dashboard"),
    path("settings/", views.settings_page, name="operations-settings"),
    path("forecasts/", views.forecast_list, name="operations-forecasts"),
    path("forecasts/build/", views.forecast_build, name="operations-forecast-build"),
    path("forecasts/<int:forecast_id>/", views.forecast_detail, name="operations-forecast"),
    path("events/", views.event_create, name="operations-event-create"),
    path("plans/", views.plan_list, name="operations-plans"),
    path("plans/new/", views.plan_create, name="operations-plan-create"),
    path("plans/<int:plan_id>/", views.plan_detail, name="operations-plan"),
    path("plans/<int:plan_id>/delete/", views.plan_delete, name="operations-plan-delete"),
    path("plans/<int:plan_id>/shifts/", views.shift_create, name="operations-shift-create"),
    path("plans/<int:plan_id>/shifts/import/", views.shift_import, name="operations-shift-import"),
    path("plans/<int:plan_id>/scenarios/", views.scenario_create, name="operations-scenario-create"),
    path("shifts/<int:shift_id>/delete/", views.shift_delete, name="operations-shift-delete"),
    path("compare/", views.compare, name="operations-compare"),
]
