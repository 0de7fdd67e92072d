"""Template filters for showing timeline values by their names rather than their stored keys."""

from django import template

from kohtaamo.timeline.models import channel_label as _channel_label
from kohtaamo.timeline.models import outcome_label as _outcome_label

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


@register.filter
def outcome_label(value: str) -> str:
    """``{{ interaction.outcome|outcome_label }}``: a stored outcome as its translated name."""
    return _outcome_label(value or "")
