"""Reporting intervals in a workspace's local time, stored and computed as UTC instants (pure, no Django).

A contact centre reports in wall-clock intervals (09:00–09:15 local), days, weeks and months of its own
time zone, but instants are stored in UTC. On the spring daylight-saving day a Helsinki day has 23 hours
(92 quarter-hours), on the autumn day 25 hours (100 quarter-hours, 03:00–04:00 happens twice). Every
function here identifies a bucket by the UTC epoch second of its start, so the repeated hour gives two
distinct buckets and the skipped hour none: no interval is lost or doubled.

Instants are handled as integer epoch seconds in numpy arrays so a year of 15-minute slots (35,040) or
millions of contacts bucket in one pass. Time-zone offsets are looked up once per distinct 15-minute
slot: every real zone's offset is a multiple of 15 minutes, so a UTC quarter-hour is always inside one
local quarter-hour (which also lets the database group by UTC quarter-hour and leave the rest to us).
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import ArrayLike, NDArray

SLOT_SECONDS = 900
MINUTE_GRAINS = {"15min": 15, "30min": 30, "60min": 60}
CALENDAR_GRAINS = ("day", "week", "month")
GRAINS = (*MINUTE_GRAINS, *CALENDAR_GRAINS)
_EPOCH_DAY = date(1970, 1, 1)


def _epochs(values: ArrayLike) -> NDArray[np.int64]:
    return np.asarray(values, dtype=np.int64).ravel()


def _offset(tz: ZoneInfo, epoch: int) -> int:
    offset = datetime.fromtimestamp(epoch, tz).utcoffset()
    assert offset is not None  # a datetime made with a ZoneInfo is aware, so it always has an offset
    return int(offset.total_seconds())


def utc_offsets(epochs: ArrayLike, tz: ZoneInfo) -> NDArray[np.int64]:
    """UTC offset in seconds of ``tz`` at each instant.

    Offsets change on a handful of days a year, so each UTC day is looked up at its first and last second;
    only a day whose offset changes is looked up per distinct 15-minute slot.
    """
    e = _epochs(epochs)
    if not e.size:
        return np.zeros(0, dtype=np.int64)
    days, inverse = np.unique(e // 86400, return_inverse=True)
    inverse = inverse.ravel()
    first = np.array([_offset(tz, int(d) * 86400) for d in days], dtype=np.int64)
    last = np.array([_offset(tz, int(d) * 86400 + 86399) for d in days], dtype=np.int64)
    out = first[inverse]
    for day in np.flatnonzero(first != last):
        rows = np.flatnonzero(inverse == day)
        slots, back = np.unique(e[rows] // SLOT_SECONDS, return_inverse=True)
        out[rows] = np.array([_offset(tz, int(s) * SLOT_SECONDS) for s in slots], dtype=np.int64)[back.ravel()]
    return out


def local_midnight(day: date, tz: ZoneInfo) -> int:
    """Epoch second of the first instant of local ``day`` (the first existing wall time if midnight is skipped)."""
    moment = datetime(day.year, day.month, day.day, tzinfo=tz)
    epoch = int(moment.timestamp())
    # A zone that jumps over midnight maps the non-existent 00:00 forward; fold=0 gives the earlier offset,
    # which can land on the previous day, so step to the first instant that is really on ``day``.
    while datetime.fromtimestamp(epoch, tz).date() < day:
        epoch += SLOT_SECONDS
    return epoch


def local_days(epochs: ArrayLike, tz: ZoneInfo) -> NDArray[np.int64]:
    """Local calendar day of each instant, as days since 1970-01-01."""
    e = _epochs(epochs)
    return (e + utc_offsets(e, tz)) // 86400


def _calendar_start(day_index: int, grain: str) -> date:
    day = _EPOCH_DAY + timedelta(days=int(day_index))
    if grain == "week":
        return day - timedelta(days=day.weekday())
    if grain == "month":
        return day.replace(day=1)
    return day


def bucket_starts(epochs: ArrayLike, tz: ZoneInfo, grain: str) -> NDArray[np.int64]:
    """Epoch second (UTC) of the start of the local ``grain`` bucket holding each instant.

    ``grain`` is one of ``GRAINS``: 15/30/60-minute intervals floored on the local wall clock, or the
    local day, ISO week (Monday) or month.
    """
    e = _epochs(epochs)
    if grain in MINUTE_GRAINS:
        size = MINUTE_GRAINS[grain] * 60
        offsets = utc_offsets(e, tz)
        return (e + offsets) // size * size - offsets
    if grain not in CALENDAR_GRAINS:
        raise ValueError(f"interval must be one of {', '.join(GRAINS)}, got {grain!r}")
    days, inverse = np.unique(local_days(e, tz), return_inverse=True)
    table = np.fromiter((local_midnight(_calendar_start(d, grain), tz) for d in days), dtype=np.int64, count=days.size)
    return table[inverse.ravel()]


def grain_starts(start: date, end: date, tz: ZoneInfo, grain: str) -> NDArray[np.int64]:
    """Every bucket start of ``grain`` covering the local days ``start`` up to (not including) ``end``.

    Built from the same floor as :func:`bucket_starts`, so the two always agree: a spring DST day yields
    92 quarter-hours, an autumn one 100.
    """
    if end <= start:
        return np.zeros(0, dtype=np.int64)
    first, last = local_midnight(start, tz), local_midnight(end, tz)
    slots = np.arange(first, last, SLOT_SECONDS, dtype=np.int64)
    return np.unique(bucket_starts(slots, tz, grain))


def interval_seconds(starts: ArrayLike, tz: ZoneInfo, grain: str) -> NDArray[np.int64]:
    """Length in seconds of each bucket (a local day may be 23, 24 or 25 hours long)."""
    s = _epochs(starts)
    if grain in MINUTE_GRAINS:
        return np.full(s.size, MINUTE_GRAINS[grain] * 60, dtype=np.int64)
    days = local_days(s, tz)
    ends = []
    for start_day in days:
        first = _EPOCH_DAY + timedelta(days=int(start_day))
        if grain == "day":
            nxt = first + timedelta(days=1)
        elif grain == "week":
            nxt = first + timedelta(days=7)
        else:
            nxt = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
        ends.append(local_midnight(nxt, tz))
    return np.asarray(ends, dtype=np.int64) - s


def local_datetime(epoch: int, tz: ZoneInfo) -> datetime:
    """An aware local datetime for one instant (for labels and CSV output)."""
    return datetime.fromtimestamp(int(epoch), tz)


def wall_clock(epochs: ArrayLike, tz: ZoneInfo) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Local weekday (Monday 0) and minute of the day of each instant."""
    e = _epochs(epochs)
    local = e + utc_offsets(e, tz)
    weekday = (local // 86400 + 3) % 7  # 1970-01-01 was a Thursday
    return weekday, (local % 86400) // 60
