"""Writes of the operations app: forecasts, events, plans, scenarios and shifts."""

from .forecasts import event_create, forecasts_build
from .plans import (
    operations_settings_update,
    plan_create,
    plan_delete,
    scenario_create,
    shift_create,
    shift_delete,
    shifts_import,
)

__all__ = [
    "event_create",
    "forecasts_build",
    "operations_settings_update",
    "plan_create",
    "plan_delete",
    "scenario_create",
    "shift_create",
    "shift_delete",
    "shifts_import",
]
