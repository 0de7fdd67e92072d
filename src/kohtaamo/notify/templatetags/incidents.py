"""Template filters of the incident pages."""

from django import template
from django.utils.translation import get_language

from kohtaamo.notify.models import text_in

register = template.Library()


@register.filter
def localised(texts: dict) -> str:
    """A {fi, sv, en} text in the reader's language, falling back to another one."""
    return text_in(texts or {}, (get_language() or "fi")[:2])


@register.filter
def percent(part: float, whole: float) -> int:
    return round(100 * part / whole) if whole else 0
