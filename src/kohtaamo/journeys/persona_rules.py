"""Persona rules: a few readable lines, each a condition every member customer meets (the members
themselves are read by ``selectors.personas``).

Written one per line as ``field operator value``, e.g.::

    attributes.age_band = 65+
    preferred_channel = phone
    contacts_90d >= 3
    channel_90d in chat, whatsapp, web

Fields: ``attributes.<key>`` (any customer attribute), ``preferred_channel``, ``language``,
``postal_code``, and behaviour over the last 90 days: ``contacts_90d`` (number of contacts) and
``channel_90d`` (used this channel at least once). Operators: ``=``, ``!=``, ``in`` (comma-separated
values), and ``>=`` / ``<=`` for ``contacts_90d``.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import get_language_info, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from kohtaamo.lib.wellformed import whole_number
from kohtaamo.timeline.models import channel_label
from kohtaamo.workspaces.labels import key_label
from kohtaamo.workspaces.models import Workspace

TEXT_FIELDS = ("preferred_channel", "language", "postal_code")
BEHAVIOUR_DAYS = 90
FIELD_LABELS = {
    "preferred_channel": gettext_lazy("Preferred channel"),
    "language": gettext_lazy("Language"),
    "postal_code": gettext_lazy("Postal code"),
}
_LINE = re.compile(r"^\s*([\w.]+)\s*(!=|>=|<=|=|\bin\b)\s*(.+?)\s*$")


def _allowed_ops(field: str) -> tuple[str, ...]:
    if field == "contacts_90d":
        return ("=", ">=", "<=")
    if field == "channel_90d":
        return ("=", "in")
    if field in TEXT_FIELDS or (field.startswith("attributes.") and len(field) > len("attributes.")):
        return ("=", "!=", "in")
    return ()


def parse_rules(text: str) -> list[dict]:
    """Rules from their written form; a ValidationError names every bad line."""
    rules, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _LINE.match(line)
        if not match:
            errors.append(_("Line %(n)d: write a field, an operator and a value.") % {"n": number})
            continue
        field, op, value = match.groups()
        allowed = _allowed_ops(field)
        if not allowed:
            errors.append(_("Line %(n)d: unknown field “%(field)s”.") % {"n": number, "field": field})
            continue
        if op not in allowed:
            errors.append(
                _("Line %(n)d: “%(op)s” cannot be used with %(field)s.") % {"n": number, "op": op, "field": field}
            )
            continue
        if field == "contacts_90d" and whole_number(value, high=10**9) is None:
            errors.append(_("Line %(n)d: contacts_90d needs a whole number.") % {"n": number})
            continue
        parsed: str | int | list[str] = value
        if op == "in":
            parsed = [v.strip() for v in value.split(",") if v.strip()]
        elif field == "contacts_90d":
            parsed = int(value)
        rules.append({"field": field, "op": op, "value": parsed})
    if errors:
        raise ValidationError(errors)
    return rules


def rules_text(rules: list[dict]) -> str:
    lines = []
    for rule in rules:
        value = ", ".join(rule["value"]) if isinstance(rule["value"], list) else rule["value"]
        lines.append(f"{rule['field']} {rule['op']} {value}")
    return "\n".join(lines)


def either(items: list[str]) -> str:
    """Alternatives as a sentence says them: "Chat", "Chat or Email", "Chat, Email or SMS"."""
    if len(items) <= 1:
        return "".join(items)
    return _("%(items)s or %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def _value_words(field: str, value: str) -> str:
    if field in ("preferred_channel", "channel_90d"):
        return channel_label(value)
    if field == "language":
        try:
            return str(get_language_info(value)["name_translated"])
        except KeyError:
            return value.upper()
    return value


def rule_words(rule: dict, workspace: Workspace | None) -> str:
    """One rule as a sentence in the page's language: "Age band is 65+", "At least 3 contacts in 90 days".

    Attribute fields are named by the workspace's own labels (``workspaces.labels.key_label``), channels
    and languages by their translated names; the written rule syntax stays in the edit form.
    """
    field, op, value = rule["field"], rule["op"], rule["value"]
    values = [str(v) for v in value] if isinstance(value, list) else [str(value)]
    days = BEHAVIOUR_DAYS
    if field == "contacts_90d":
        n = int(value)
        if op == ">=":
            words = ngettext(
                "At least %(n)d contact in the last %(days)d days",
                "At least %(n)d contacts in the last %(days)d days",
                n,
            )
        elif op == "<=":
            words = ngettext(
                "At most %(n)d contact in the last %(days)d days",
                "At most %(n)d contacts in the last %(days)d days",
                n,
            )
        else:
            words = ngettext(
                "Exactly %(n)d contact in the last %(days)d days",
                "Exactly %(n)d contacts in the last %(days)d days",
                n,
            )
        return words % {"n": n, "days": days}
    if field == "channel_90d":
        name = str(_("Channel used"))
    elif field.startswith("attributes."):
        name = key_label(workspace, "attribute", field[len("attributes.") :])
    else:
        name = str(FIELD_LABELS.get(field, field))
    if not values:
        return _("%(field)s: no value given, so nobody matches") % {"field": name}
    shown = either([_value_words(field, v) for v in values])
    if field == "channel_90d":
        return _("Used %(channels)s in the last %(days)d days") % {"channels": shown, "days": days}
    if op == "!=":
        return _("%(field)s is not %(value)s") % {"field": name, "value": shown}
    return _("%(field)s is %(value)s") % {"field": name, "value": shown}
