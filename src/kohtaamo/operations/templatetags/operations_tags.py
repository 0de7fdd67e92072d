"""Number formatting for the operations pages: a missing value shows as a dash, never as 0."""

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def pct(value: float | None, digits: int = 1) -> str:
    """0.823 → "82.3 %"; None → "–"."""
    if value is None:
        return "–"
    return f"{number_format(value * 100, digits)} %"


@register.filter
def num(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    return number_format(value, digits, force_grouping=True)
