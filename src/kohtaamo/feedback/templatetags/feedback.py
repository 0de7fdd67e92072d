"""Template filters for showing figures: one decimal, a dash for "no answers"."""

import math
from collections.abc import Mapping
from urllib.parse import urlencode

from django import template
from django.utils.formats import number_format
from django.utils.translation import get_language

from kohtaamo.feedback.links import localised
from kohtaamo.feedback.models import Answer

register = template.Library()


@register.filter
def fig(value: float | None) -> str:
    """A figure with one decimal in the current locale; "–" when there is none (NaN or None)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return number_format(value, 1)


@register.filter
def fig_percent(share: float | None) -> str:
    """A share (0–1) as a percentage with one decimal."""
    if share is None or math.isnan(share):
        return "–"
    return f"{number_format(100 * share, 1)} %"


@register.filter
def percent_width(share: float | None) -> str:
    """A share (0–1) as a CSS width for a bar."""
    if share is None or math.isnan(share):
        return "0%"
    return f"{max(0.0, min(100.0, 100 * share)):.1f}%"


@register.filter
def get_item(mapping: Mapping, key: object) -> object:
    return mapping.get(key, "")


@register.filter
def urlencode_dict(params: dict) -> str:
    """Query parameters as a URL-encoded string (the template escapes the & when it is output)."""
    return urlencode(params)


@register.filter
def get_language_text(texts: dict) -> str:
    """A survey text (``{"fi": …, "sv": …, "en": …}``) in the page's language."""
    return localised(texts or {}, get_language() or "fi")


@register.filter
def choice_label(answer: Answer) -> str:
    """A single-choice answer as the customer saw it, in the page's language (the stored key if unknown)."""
    if answer.question is not None:
        for choice in answer.question.choices:
            if choice.get("key") == answer.choice:
                return localised(choice.get("text") or {}, get_language() or "fi")
    return answer.choice


@register.filter
def signed(value: float | None) -> str:
    """A difference with its sign and one decimal ("+3.2", "−1.0"); "–" when there is none."""
    if value is None or math.isnan(value):
        return "–"
    return ("+" if value > 0 else "−" if value < 0 else "±") + number_format(abs(value), 1)
