"""The period, filters and grouping of a metrics request, parsed once for the API, the dashboard and exports."""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, tzinfo

from django.db.models import Q
from django.utils import timezone

from kohtaamo.lib.wellformed import whole_number
from kohtaamo.workspaces.models import Workspace

GROUPS = ("channel", "queue", "team", "agent", "contact_reason", "language", "day", "week", "month")
PERIODS = ("day", "week", "month")
ID_FILTERS = ("queue", "team", "agent")
TEXT_FILTERS = ("channel", "contact_reason", "language")
SEGMENT = re.compile(r"^([A-Za-z0-9_]{1,50}):(.{1,100})$")
DEFAULT_DAYS = 90
MAX_DAYS = 3 * 366


class FilterError(ValueError):
    """A request parameter that cannot be used; the message names it."""


@dataclass(frozen=True)
class MetricFilters:
    """Inclusive ``start``..``end`` days (the workspace's calendar) and equality filters on answer facts."""

    start: date
    end: date
    equals: dict[str, object] = field(default_factory=dict)
    segment: tuple[str, str] | None = None

    def q(self) -> Q:
        """The filters as a Q on Answer."""
        return Q(answered_on__gte=self.start, answered_on__lte=self.end) & self.facts_q()

    def facts_q(self) -> Q:
        """The filters but the period, as a Q on Answer (the roll-ups read the period in parts)."""
        query = Q()
        for name, value in self.equals.items():
            query &= Q(**{f"{name}_id" if name in ID_FILTERS else name: value})
        if self.segment:
            key, value = self.segment
            query &= Q(**{f"customer__attributes__{key}": value})
        return query

    def moments(self, tz: tzinfo) -> tuple[datetime, datetime]:
        """The period as aware datetimes: the start of ``start`` up to the start of the day after ``end``."""
        return (
            datetime.combine(self.start, time.min, tzinfo=tz),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=tz),
        )

    def previous(self) -> "MetricFilters":
        """The same filters over the period of the same length that ends the day before this one."""
        length = self.end - self.start + timedelta(days=1)
        return replace(self, start=self.start - length, end=self.start - timedelta(days=1))

    def as_params(self) -> dict[str, str]:
        """Back to query parameters, for links and exports that keep the same view."""
        params = {"from": self.start.isoformat(), "to": self.end.isoformat()}
        params.update({name: str(value) for name, value in self.equals.items()})
        if self.segment:
            params["segment"] = ":".join(self.segment)
        return params


def _day(raw: str, name: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise FilterError(f"{name}: use a date like 2026-03-01, not {raw[:20]!r}") from None


def parse_filters(
    params: Mapping[str, str], workspace: Workspace, *, default_days: int = DEFAULT_DAYS
) -> MetricFilters:
    """Read ``from``, ``to``, the equality filters and ``segment=key:value``; raises FilterError."""
    today = timezone.localdate(timezone=workspace.tz)
    end = _day(params["to"], "to") if params.get("to") else today
    start = _day(params["from"], "from") if params.get("from") else end - timedelta(days=default_days - 1)
    if start > end:
        raise FilterError("from: must not be after to")
    if (end - start).days > MAX_DAYS:
        raise FilterError(f"from: a period may be at most {MAX_DAYS} days long")
    equals: dict[str, object] = {}
    for name in ID_FILTERS:
        if params.get(name):
            number = whole_number(params[name])
            if number is None:
                raise FilterError(f"{name}: must be the numeric id")
            equals[name] = number
    for name in TEXT_FILTERS:
        if params.get(name):
            equals[name] = str(params[name])[:200]
    segment = None
    if params.get("segment"):
        match = SEGMENT.match(params["segment"])
        if not match:
            raise FilterError("segment: use attribute:value, e.g. segment=plan:business")
        segment = (match.group(1), match.group(2))
    return MetricFilters(start=start, end=end, equals=equals, segment=segment)


def parse_group_by(raw: str | None) -> str | None:
    if not raw:
        return None
    if raw not in GROUPS:
        raise FilterError(f"group_by: must be one of {', '.join(GROUPS)}")
    return raw
