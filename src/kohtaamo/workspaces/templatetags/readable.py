"""Site-wide filters for durations, dates, times, weekdays and case ids: ``{% load readable %}``.

The rules are in ``kohtaamo.lib.readable``; these filters only add the page's language, the unit words
from the translation catalogue and the current time zone, which ``workspace_view`` sets to the
workspace's own for every page (so "klo 7.57" is the workspace's clock, not the server's).
"""

from datetime import date, datetime, time, timedelta
from typing import Any

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, pgettext

from kohtaamo.lib import readable

register = template.Library()


def _language() -> str:
    return readable.language_of(get_language())


def units() -> readable.Units:
    """The duration unit words in the page's language (fi/sv catalogues own them)."""
    return readable.Units(
        day=pgettext("duration unit", "d"),
        hour=pgettext("duration unit", "h"),
        minute=pgettext("duration unit", "min"),
        second=pgettext("duration unit", "s"),
    )


@register.filter
def duration(seconds: float | None) -> str:
    """``{{ interaction.handle_seconds|duration }}`` → "15 min 54 s"; a dash when there is none."""
    try:
        value = None if seconds is None or seconds == "" else float(seconds)
    except (TypeError, ValueError):
        return readable.DASH
    return readable.duration(value, units())


def _wall(value: datetime) -> datetime:
    return readable.local(value, timezone.get_current_timezone())


@register.filter
def when(value: datetime | date | None) -> str:
    """A date and time: fi "21.9.2026 klo 7.57", sv "2026-09-21 07:57", en "21 Sep 2026, 07:57"."""
    if isinstance(value, datetime):
        return readable.datetime_text(value, _language(), timezone.get_current_timezone())
    if isinstance(value, date):
        return readable.date_text(value, _language())
    return ""


@register.filter
def day(value: datetime | date | None) -> str:
    """A date alone (an instant is first put on the workspace's clock): fi "21.9.2026", en "21 Sep 2026"."""
    if isinstance(value, datetime):
        value = _wall(value).date()
    if isinstance(value, date):
        return readable.date_text(value, _language())
    return ""


@register.filter
def clock(value: datetime | time | None) -> str:
    """A time alone: fi "7.57", sv and en "07:57"."""
    if isinstance(value, datetime):
        value = _wall(value)
    if isinstance(value, datetime | time):
        return readable.time_text(value, _language())
    return ""


@register.filter
def weekday(value: datetime | date | int | None, style: str = "short") -> str:
    """A weekday by name ("ma", or "maanantai" with ``:"long"``) of a date or of a number, Monday 0."""
    if isinstance(value, datetime):
        value = _wall(value)
    if isinstance(value, date):
        value = value.weekday()
    if value is None or value == "":
        return ""
    return readable.weekday_name(int(value), _language(), long=style == "long")


@register.filter
def weekdays(values: list[int] | None) -> str:
    """A shift's weekdays, ``[0, 1, 2, 3, 4]`` → "ma–pe"."""
    return readable.weekdays_text(values or [], _language())


@register.simple_tag
def date_range(first: date | None, last: date | None) -> str:
    """``{% date_range plan.start_date plan.end_date %}`` → "1.9.2026–30.9.2026"; one side may be missing."""
    if first and last:
        return readable.date_range_text(first, last, _language())
    if first or last:
        side = day(first) if first else day(last)
        return f"{side}–" if first else f"–{side}"
    return ""


@register.simple_tag
def interval(low: Any, high: Any) -> SafeString:
    """``{% interval e.ci_low|score e.ci_high|score %}`` → "[62–71]": both ends formatted by the caller.

    Kept on one line: "[85–" above "89]" in a narrow column reads as two numbers.
    """
    return format_html('<span class="interval">{}</span>', readable.interval_text(str(low), str(high)))


@register.filter
def period_name(period: Any) -> str:
    """A month or week period (``kind``, ``first_day``, ``next_first_day``): "syyskuu 2026" or a date range."""
    first = getattr(period, "first_day", None)
    if not isinstance(first, date):
        return str(period or "")
    if getattr(period, "kind", "") == "month":
        return readable.month_text(first, _language())
    return readable.date_range_text(first, period.next_first_day - timedelta(days=1), _language())


@register.filter
def case_ref(case: Any) -> str:
    """The one form of a case id: its own reference, else "#123"."""
    if case is None or case == "":
        return readable.DASH
    return readable.case_label(getattr(case, "ref", None), getattr(case, "pk", None))
