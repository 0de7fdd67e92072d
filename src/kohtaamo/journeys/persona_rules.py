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
from django.utils.translation import gettext as _

from kohtaamo.lib.wellformed import whole_number

TEXT_FIELDS = ("preferred_channel", "language", "postal_code")
BEHAVIOUR_DAYS = 90
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
