"""Writes: staffing plans, their scenarios and shift patterns (entered in the UI or imported from CSV)."""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from kohtaamo.workspaces.models import Queue, Team, Workspace

from ..models import OperationsSettings, Plan, ShiftPattern

# What a scenario may change; everything else is copied from the base plan.
SCENARIO_FIELDS = (
    "volume_factor",
    "volume_from",
    "volume_to",
    "aht_factor",
    "sl_target",
    "sl_seconds",
    "max_occupancy",
    "patience_seconds",
    "shrinkage",
    "partner_share",
    "opening_hours",
)
PLAN_FIELDS = (
    "start_date",
    "end_date",
    "interval_minutes",
    "chat_concurrency",
    "email_deadline_days",
    *SCENARIO_FIELDS,
)
SHIFT_COLUMNS = ("team", "weekdays", "start", "end", "heads")
WEEKDAY_NAMES = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


@transaction.atomic
def plan_create(*, workspace: Workspace, name: str, **fields: Any) -> Plan:
    """A new staffing plan; unknown fields are refused rather than ignored."""
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise ValueError(f"unknown plan fields: {', '.join(sorted(unknown))}")
    plan = Plan(workspace=workspace, name=name, **fields)
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def scenario_create(*, plan: Plan, name: str, **changes: Any) -> Plan:
    """Copy ``plan`` with its shift patterns, changing only the given assumptions."""
    unknown = set(changes) - set(SCENARIO_FIELDS)
    if unknown:
        raise ValueError(f"a scenario cannot change: {', '.join(sorted(unknown))}")
    values = {f: getattr(plan, f) for f in PLAN_FIELDS}
    values.update(changes)
    scenario = Plan(workspace=plan.workspace, name=name, base=plan, **values)
    scenario.full_clean()
    scenario.save()
    ShiftPattern.objects.bulk_create(
        ShiftPattern(
            plan=scenario,
            team_id=s.team_id,
            queue_id=s.queue_id,
            weekdays=s.weekdays,
            start_time=s.start_time,
            end_time=s.end_time,
            heads=s.heads,
            valid_from=s.valid_from,
            valid_to=s.valid_to,
        )
        for s in plan.shifts.all()
    )
    return scenario


@transaction.atomic
def plan_delete(*, plan: Plan) -> None:
    plan.delete()


@transaction.atomic
def shift_create(
    *,
    plan: Plan,
    team: Team,
    weekdays: list[int],
    start_time: time,
    end_time: time,
    heads: int,
    queue: Queue | None = None,
    valid_from: date | None = None,
    valid_to: date | None = None,
) -> ShiftPattern:
    """Add planned heads of one team to a plan."""
    if team.workspace_id != plan.workspace_id or (queue is not None and queue.workspace_id != plan.workspace_id):
        raise ValueError("the team or queue belongs to another workspace")
    shift = ShiftPattern(
        plan=plan,
        team=team,
        queue=queue,
        weekdays=sorted(set(weekdays)),
        start_time=start_time,
        end_time=end_time,
        heads=heads,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    shift.full_clean()
    shift.save()
    return shift


@transaction.atomic
def shift_delete(*, shift: ShiftPattern) -> None:
    shift.delete()


def parse_weekdays(text: str) -> list[int]:
    """``0-4``, ``0,2,4``, ``mon-fri`` or ``sat sun`` → sorted weekday numbers (Monday 0)."""
    days: set[int] = set()
    for part in re.split(r"[,\s;]+", text.strip().lower()):
        if not part:
            continue
        ends = [WEEKDAY_NAMES.get(p[:3], p) for p in part.split("-", 1)]
        try:
            numbers = [int(e) for e in ends]
        except ValueError:
            raise ValueError(f"{part!r} is not a weekday (use 0-6 or mon-sun)") from None
        if any(not 0 <= n <= 6 for n in numbers):
            raise ValueError(f"{part!r} is not a weekday (use 0-6 or mon-sun)")
        days.update(range(numbers[0], numbers[-1] + 1))
    if not days:
        raise ValueError("no weekdays given")
    return sorted(days)


@dataclass
class ShiftImport:
    created: int = 0
    replaced: int = 0
    rejected: list[dict] = field(default_factory=list)  # one entry per line and field

    @property
    def rejected_rows(self) -> int:
        return len({r["line"] for r in self.rejected})


def _shift_row(plan: Plan, row: dict, teams: dict, queues: dict) -> ShiftPattern:
    errors: dict[str, str] = {}
    team = teams.get((row.get("team") or "").strip())
    if team is None:
        errors["team"] = f"no team with key {row.get('team')!r}"
    queue = None
    if (row.get("queue") or "").strip():
        queue = queues.get(row["queue"].strip())
        if queue is None:
            errors["queue"] = f"no queue with key {row['queue']!r}"
    values = {}
    for name, parse in (
        ("weekdays", parse_weekdays),
        ("start", time.fromisoformat),
        ("end", time.fromisoformat),
        ("heads", int),
        ("valid_from", date.fromisoformat),
        ("valid_to", date.fromisoformat),
    ):
        raw = (row.get(name) or "").strip()
        if not raw:
            if name in SHIFT_COLUMNS:
                errors[name] = "is required"
            continue
        try:
            values[name] = parse(raw)
        except ValueError as exc:
            errors[name] = str(exc)
    if "heads" in values and values["heads"] < 0:
        errors["heads"] = "must be 0 or more"
    if errors:
        raise ValidationError(errors)
    shift = ShiftPattern(
        plan=plan,
        team=team,
        queue=queue,
        weekdays=values["weekdays"],
        start_time=values["start"],
        end_time=values["end"],
        heads=values["heads"],
        valid_from=values.get("valid_from"),
        valid_to=values.get("valid_to"),
    )
    shift.full_clean(exclude=["plan"])
    return shift


@transaction.atomic
def shifts_import(*, plan: Plan, text: str) -> ShiftImport:
    """Import shift patterns from CSV (``team,weekdays,start,end,heads[,queue,valid_from,valid_to]``).

    The file is the plan of the teams it names: their earlier patterns in this plan are replaced, so
    importing the same file twice gives the same plan. Rows with errors are listed by line and field;
    the valid rows are kept.
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in SHIFT_COLUMNS if c not in (reader.fieldnames or [])]
    result = ShiftImport()
    if missing:
        result.rejected.append({"line": 1, "field": missing[0], "message": "column is missing from the header"})
        return result
    teams = {t.key: t for t in Team.objects.of(plan.workspace)}
    queues = {q.key: q for q in Queue.objects.of(plan.workspace)}
    accepted = []
    for line, row in enumerate(reader, start=2):
        try:
            accepted.append(_shift_row(plan, row, teams, queues))
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                result.rejected.append({"line": line, "field": name, "message": "; ".join(messages)})
    named = {s.team_id for s in accepted}
    result.replaced, _ = plan.shifts.filter(team_id__in=named).delete()
    ShiftPattern.objects.bulk_create(accepted)
    result.created = len(accepted)
    return result


@transaction.atomic
def operations_settings_update(
    *, workspace: Workspace, short_abandon_seconds: int, service_levels: dict
) -> OperationsSettings:
    """Change how this workspace measures abandonment and service level."""
    settings, _ = OperationsSettings.objects.get_or_create(workspace=workspace)
    settings.short_abandon_seconds = short_abandon_seconds
    settings.service_levels = service_levels
    settings.full_clean()
    settings.save()
    return settings
