"""Recounting the KPI roll-ups (``operations.kpi_rollups``) of the days the triggers marked stale.

A contact's first-contact resolution depends on the contacts of its case up to the case window after
it, so a change on UTC day D recounts the days D − window … D. When the settings the sums depend on
change (service-level thresholds, the short-abandon limit, the case window, the time zone), every day is
counted again.
One recount per workspace at a time (an advisory lock); on PostgreSQL the marks a writer still holds are
skipped (``SKIP LOCKED``: its contacts are not committed, so there is nothing to count yet) and a mark is
deleted only if no write touched its day since it was read.
"""

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from django.db import DatabaseError, connection, transaction

from kohtaamo.db.locks import advisory_lock
from kohtaamo.db.retry import is_transient
from kohtaamo.db.rows import insert_rows
from kohtaamo.lib.intervals import bucket_starts, local_midnight
from kohtaamo.timeline.models import Channel
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.models import Workspace

from ..kpi_rollups import DIMENSION_SLICES, KPI_SLICES, KpiRollup, KpiRollupBasis, KpiStaleDay
from ..kpi_triggers import mark_every_day_sql
from ..models import OperationsSettings
from ..selectors.sums import SUMS, operations_settings, queued_contacts, sums_query

ROLLUP_LOCK = "operations.kpi-rollups"
READ_WAIT_SECONDS = 5
DAY = 86400
COLUMNS = ("workspace_id", "slice", "slot", "channel", "dimension", *SUMS)
SECONDS = {"wait_sum", "handle_sum"}  # the sums that are not counts


def kpi_basis(workspace: Workspace, settings: OperationsSettings) -> str:
    """The settings the sums are counted with, as one comparable text (the zone: local days; the slices:
    an upgrade that adds one counts every day again)."""
    levels = {channel: settings.service_level(channel)[1] for channel in Channel.values}
    basis = {"short": settings.short_abandon_seconds, "levels": levels, "window": workspace.case_window_days}
    return json.dumps({**basis, "zone": workspace.time_zone, "slices": sorted(KPI_SLICES)}, sort_keys=True)


def kpi_rollups_current(*, workspace: Workspace) -> bool:
    """Whether the roll-ups are up to date for a read, recounting what is stale first.

    False when another process is recounting this workspace and does not finish within a few seconds
    (a year's first count takes a minute): the read then sums the contacts itself instead of waiting.
    """
    try:
        kpi_rollups_refresh(workspace=workspace, wait_seconds=READ_WAIT_SECONDS)
    except DatabaseError as error:
        if not is_transient(error):
            raise
        return False
    return True


def kpi_rollups_refresh(*, workspace: Workspace, wait_seconds: float = 300) -> int:
    """Bring the workspace's KPI roll-ups up to date with its contacts; the number of days recounted.

    Cheap when nothing changed (two small reads, no write lock), so every KPI read calls it first.
    """
    actor = Actor.system(workspace)
    basis = kpi_basis(workspace, operations_settings(actor=actor))
    stored = KpiRollupBasis.objects.of(workspace).values_list("basis", flat=True).first()
    if stored == basis and not KpiStaleDay.objects.filter(workspace_id=workspace.pk).exists():
        return 0
    with transaction.atomic():
        advisory_lock(ROLLUP_LOCK, workspace.pk, timeout_seconds=wait_seconds)
        if KpiRollupBasis.objects.of(workspace).values_list("basis", flat=True).first() != basis:
            KpiRollup.objects.of(workspace).delete()
            with connection.cursor() as cursor:
                cursor.execute(mark_every_day_sql(connection.vendor), [workspace.pk])
            KpiRollupBasis.objects.update_or_create(workspace=workspace, defaults={"basis": basis})
        marks = list(
            KpiStaleDay.objects.filter(workspace_id=workspace.pk)
            .select_for_update(skip_locked=True)
            .values_list("pk", "day", "generation")
        )
        days = {d - back for _, d, _ in marks for back in range(workspace.case_window_days + 1)}
        for first, last in _runs(sorted(days)):
            _recount(actor, first, last)
        for generation in {g for _, _, g in marks}:
            done = [pk for pk, _, g in marks if g == generation]
            KpiStaleDay.objects.filter(workspace_id=workspace.pk, pk__in=done, generation=generation).delete()
    return len(days)


def kpi_rollups_rebuild(*, workspace: Workspace) -> int:
    """Count every day of the workspace's KPI roll-ups again (``kohtaamo rollups rebuild``); the days counted.

    Needed only after writing contacts past the database's triggers (a restore of the table with them
    off); every other write marks its days itself.
    """
    KpiRollupBasis.objects.of(workspace).delete()
    return kpi_rollups_refresh(workspace=workspace)


def _runs(days: list[int]) -> list[tuple[int, int]]:
    """Consecutive days as (first, last) runs: one recount query per run, not per day."""
    runs: list[tuple[int, int]] = []
    for day in days:
        if runs and runs[-1][1] == day - 1:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def _recount(actor: Actor, first: int, last: int) -> None:
    """Replace the roll-up rows of the UTC days ``first`` … ``last`` by the sums of their contacts.

    The channel slice counts quarter-hours of exactly those days; the daily slices count whole local days
    (see ``kpi_rollups``), so they recount every local day those UTC days touch.
    """
    tz = actor.workspace.tz
    since, until = first * DAY, (last + 1) * DAY
    local_since = int(bucket_starts([since], tz, "day")[0])
    local_until = local_midnight((datetime.fromtimestamp(until - 1, tz) + timedelta(days=1)).date(), tz)
    rows = KpiRollup.objects.of(actor)
    rows.filter(slice="channel", slot__gte=since // 900, slot__lt=until // 900).delete()
    rows.exclude(slice="channel").filter(slot__gte=local_since // 900, slot__lt=local_until // 900).delete()
    settings = operations_settings(actor=actor)
    contacts = queued_contacts(actor).filter(started_at__gte=_moment(local_since), started_at__lt=_moment(local_until))
    sums: dict[str, dict[tuple, list[float]]] = {}
    # The channel and day slices come from one query: the days are the quarter-hours added up.
    quarters = list(sums_query(actor, contacts, settings, "channel").order_by())
    sums["channel"] = {k: v for k, v in _per_slot(quarters).items() if since // 900 <= k[0] < until // 900}
    sums["day"] = _per_local_day(quarters, tz)
    for name, column in DIMENSION_SLICES.items():
        sums[name] = _per_local_day(list(sums_query(actor, contacts, settings, "channel", column).order_by()), tz)
    pk = actor.workspace.pk
    written = [(pk, name, *key, *_typed(values)) for name, keyed in sums.items() for key, values in keyed.items()]
    insert_rows(KpiRollup, COLUMNS, written)


def _moment(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def _typed(values: list[float]) -> list[float | int]:
    """Counts as integers, seconds as floats: one type per column (PostgreSQL's arrays need it)."""
    return [float(v) if key in SECONDS else int(v) for key, v in zip(SUMS, values, strict=True)]


def _per_slot(rows: list[dict]) -> dict[tuple, list[float]]:
    return {(row["slot"], row["key"], 0): [row[key] or 0 for key in SUMS] for row in rows}


def _per_local_day(rows: list[dict], tz: ZoneInfo) -> dict[tuple, list[float]]:
    """The quarter-hours' sums added up per local day (its midnight's quarter-hour), channel and dimension."""
    slots = np.fromiter((r["slot"] for r in rows), dtype=np.int64, count=len(rows)) * 900
    days = bucket_starts(slots, tz, "day") // 900
    sums: dict[tuple, list[float]] = {}
    for row, day in zip(rows, days, strict=True):
        total = sums.setdefault((int(day), row["key"], row.get("key2") or 0), [0.0] * len(SUMS))
        for i, key in enumerate(SUMS):
            total[i] += row[key] or 0
    return sums
