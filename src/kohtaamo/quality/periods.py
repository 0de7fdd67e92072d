"""Quality periods (calendar months or ISO weeks) in the workspace's own time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

if TYPE_CHECKING:
    from kohtaamo.workspaces.models import Workspace


@dataclass(frozen=True)
class PeriodRange:
    """A half-open interval [start, end) of local dates with its UTC instants."""

    kind: str
    first_day: date
    next_first_day: date
    start: datetime
    end: datetime

    @property
    def label(self) -> str:
        return self.first_day.strftime("%Y-%m") if self.kind == "month" else self.first_day.isoformat()

    def elapsed_fraction(self, now: datetime | None = None) -> float:
        now = now or timezone.now()
        if now >= self.end:
            return 1.0
        if now <= self.start:
            return 0.0
        return (now - self.start) / (self.end - self.start)

    def has_ended(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.end


def period_of(workspace: Workspace, kind: str, day: date | None = None) -> PeriodRange:
    """The month (or Monday-based week) containing ``day`` (default: today in the workspace)."""
    tz = workspace.tz
    day = day or timezone.now().astimezone(tz).date()
    kind = "week" if kind == "week" else "month"
    if kind == "week":
        first = day - timedelta(days=day.weekday())
        following = first + timedelta(days=7)
    else:
        first = day.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)

    def instant(d: date) -> datetime:
        return datetime(d.year, d.month, d.day, tzinfo=tz).astimezone(UTC)

    return PeriodRange(kind, first, following, instant(first), instant(following))


def parse_month(value: str | None) -> date | None:
    """``"2026-03"`` → 1 March 2026; anything else → None (the caller falls back to this month)."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return None


def month_of(workspace: Workspace, instant: datetime) -> date:
    """The first day of the month ``instant`` falls in, in the workspace's time zone."""
    return instant.astimezone(workspace.tz).date().replace(day=1)
