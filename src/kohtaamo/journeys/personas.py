"""Persona rules: a few readable lines, each a condition every member customer meets.

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
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from kohtaamo.timeline.models import Customer, Interaction
from kohtaamo.workspaces.models import Workspace

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
        if field == "contacts_90d" and not value.isdigit():
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


def _condition(rule: dict, since: datetime, number: int) -> tuple[Q, dict]:
    """A Q for one rule, plus any annotation it needs."""
    field, op, value = rule["field"], rule["op"], rule["value"]
    if field == "contacts_90d":
        name = f"journeys_contacts_90d_{number}"
        annotation = {name: Count("interactions", filter=Q(interactions__started_at__gte=since))}
        lookup = {"=": "exact", ">=": "gte", "<=": "lte"}[op]
        return Q(**{f"{name}__{lookup}": value}), annotation
    if field == "channel_90d":
        channels = value if isinstance(value, list) else [value]
        used = Interaction.objects.filter(customer=OuterRef("pk"), channel__in=channels, started_at__gte=since)
        return Q(Exists(used)), {}
    path = field.replace(".", "__")
    if op == "in":
        return Q(**{f"{path}__in": value}), {}
    q = Q(**{path: value})
    return (~q if op == "!=" else q), {}


def persona_customers(workspace: Workspace, rules: list[dict], *, now: datetime) -> QuerySet[Customer]:
    """The workspace's current (not merged-away) customers who meet every rule."""
    since = now - timedelta(days=BEHAVIOUR_DAYS)
    customers = Customer.objects.filter(workspace=workspace, merged_into__isnull=True)
    for number, rule in enumerate(rules):
        condition, annotation = _condition(rule, since, number)
        if annotation:
            customers = customers.annotate(**annotation)
        customers = customers.filter(condition)
    return customers
