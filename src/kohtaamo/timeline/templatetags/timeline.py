"""Template filters for showing timeline values by their names rather than their stored keys."""

from django import template

from kohtaamo.timeline.models import channel_label as _channel_label

register = template.Library()


@register.filter
def channel_label(value: str) -> str:
    """``{{ e.channel|channel_label }}``: a stored channel key as its translated name ("In person")."""
    return _channel_label(value or "")


@register.filter
def channel_labels(values: object) -> str:
    """``{{ rule.channels|channel_labels }}``: several stored channel keys by their names, comma-separated."""
    listed = values if isinstance(values, list | tuple) else []
    return ", ".join(_channel_label(value) for value in listed if value)
