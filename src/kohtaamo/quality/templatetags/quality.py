"""Template filters of the quality app: scores that may be missing, and words for stored codes."""

import math
from collections.abc import Mapping
from typing import Any

from django import template
from django.template.defaultfilters import floatformat

from kohtaamo.workspaces.access import Actor

from .. import labels

register = template.Library()


@register.filter
def score(value: float | None, digits: int = 1) -> str:
    """A score or statistic for display; None and NaN become a dash (no score is not 0)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return floatformat(value, digits)


@register.filter
def signed(value: float | None, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return ("+" if value > 0 else "") + floatformat(value, digits)


@register.filter
def label(code: str, table: str) -> str:
    """``{{ code|label:"SAMPLED_REASONS" }}``: the translated word for a stored code."""
    return str(getattr(labels, table).get(code, code))


@register.filter
def get(mapping: Mapping | None, key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def can(actor: Actor, capability: str) -> bool:
    """``{% if actor|can:"evaluate" %}``: the same capability check the views make."""
    return actor.can(capability)
