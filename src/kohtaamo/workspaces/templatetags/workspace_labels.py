"""``{% key_label "attribute" key %}``: a workspace's own key by the name the workspace gave it."""

from typing import Any

from django import template

from kohtaamo.workspaces.labels import Kind
from kohtaamo.workspaces.labels import key_label as _key_label

register = template.Library()


@register.simple_tag(takes_context=True)
def key_label(context: dict[str, Any], kind: Kind, key: object) -> str:
    """The label of ``key`` in the page's workspace (the ``actor``'s) and language, else the key as a word."""
    actor = context.get("actor")
    return _key_label(getattr(actor, "workspace", None), kind, str(key or ""))


@register.simple_tag(takes_context=True)
def key_labels(context: dict[str, Any], kind: Kind, keys: object) -> str:
    """``{% key_labels "reason" journey.contact_reasons %}``: several keys by their labels, comma-separated."""
    actor = context.get("actor")
    listed = keys if isinstance(keys, list | tuple) else []
    return ", ".join(_key_label(getattr(actor, "workspace", None), kind, str(key)) for key in listed if key)
