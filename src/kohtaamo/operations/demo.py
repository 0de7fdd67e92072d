"""Demo data of the operations app: one step run by `kohtaamo demo` after the interactions exist.

Voima Sähkö gets a four-week forecast of every queue (its history already has the weekly rhythm, the
holidays and the storm week), a price-change campaign as an event, a base staffing plan with shifts for
two in-house teams and the outsourcing partner, and a storm-week scenario with 30 % more contacts.
"""

from __future__ import annotations

import random
from datetime import time, timedelta
from typing import TYPE_CHECKING

import numpy as np

from kohtaamo.lib.intervals import wall_clock
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.models import Queue, Team, Workspace

from .models import Plan
from .selectors.planning import plan_result
from .services import event_create, forecasts_build, plan_create, scenario_create, shift_create
from .services.kpi_rollups import kpi_rollups_refresh

if TYPE_CHECKING:
    from kohtaamo.demo.context import DemoContext

SHRINKAGE = {"breaks": 0.09, "training": 0.04, "meetings": 0.03, "coaching": 0.02, "absence": 0.07}
# Who covers the requirement: (team key, share of heads).
COVER = (("asiakaspalvelu-helsinki", 0.55), ("vikapalvelu", 0.2), ("contact-partner", 0.25))
# Shift windows: (weekdays, start, end); heads follow the average requirement inside the window.
WINDOWS = (((0, 1, 2, 3, 4), time(8), time(16)), ((0, 1, 2, 3, 4), time(10), time(18)), ((5,), time(10), time(16)))


def demo_step(ctx: DemoContext) -> None:
    """Forecasts, an event, a plan with shifts and a storm scenario for the electricity workspace."""
    workspace = ctx.workspaces.get("voima")
    if workspace is None:
        return
    rng = ctx.rng("operations")
    start = ctx.today
    billing = Queue.objects.of(workspace).filter(key="laskutus").first()
    campaign_day = start + timedelta(days=9 + rng.randrange(3))
    event_create(
        workspace=workspace,
        name="Hinnanmuutoskirje",
        queue=billing,
        start_date=campaign_day,
        end_date=campaign_day + timedelta(days=2),
        percent=25,
    )
    forecasts_build(workspace=workspace, start=start, days=28, interval_minutes=30)
    plan = plan_create(
        workspace=workspace,
        name="Perussuunnitelma",
        start_date=start,
        end_date=start + timedelta(days=27),
        interval_minutes=30,
        patience_seconds=240,
        shrinkage=SHRINKAGE,
        partner_share=0.25,
    )
    _shifts(plan, workspace, rng)
    storm = start + timedelta(days=14 - start.weekday())
    scenario_create(
        plan=plan, name="Myrskyviikko +30 %", volume_factor=1.3, volume_from=storm, volume_to=storm + timedelta(days=6)
    )


def _shifts(plan: Plan, workspace: Workspace, rng: random.Random) -> None:
    """Shifts sized to roughly the average requirement, so the plan is short at peaks and spare at quiet times."""
    result = plan_result(actor=Actor.system(workspace), plan=plan)
    weekday, minute = wall_clock(result.starts, workspace.tz)
    required = result.required_total
    teams = {t.key: t for t in Team.objects.of(workspace)}
    for weekdays, opens, closes in WINDOWS:
        inside = np.isin(weekday, weekdays) & (minute >= opens.hour * 60) & (minute < closes.hour * 60)
        if not inside.any():
            continue
        # Two overlapping weekday shifts each carry about half of the window's average requirement.
        heads = float(required[inside].mean()) * (0.55 if len(weekdays) > 1 else 1.0) * rng.uniform(0.95, 1.05)
        for key, share in COVER:
            if key in teams and round(heads * share) > 0:
                shift_create(
                    plan=plan,
                    team=teams[key],
                    weekdays=list(weekdays),
                    start_time=opens,
                    end_time=closes,
                    heads=round(heads * share),
                )


def kpi_rollups_step(ctx: DemoContext) -> None:
    """Count every demo workspace's KPI roll-ups once the history is in, so no first page view waits."""
    for workspace in ctx.workspaces.values():
        kpi_rollups_refresh(workspace=workspace)
