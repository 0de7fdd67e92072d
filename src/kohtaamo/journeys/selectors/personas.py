"""Reads of personas and of the customers their rules select."""

from datetime import datetime, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from kohtaamo.timeline.models import Customer, Interaction
from kohtaamo.workspaces.access import Actor, get_visible_or_404

from ..models import Persona
from ..persona_rules import BEHAVIOUR_DAYS


def persona_get(*, actor: Actor, persona_id: int) -> Persona:
    return get_visible_or_404(Persona, actor, persona_id)


def persona_names(*, actor: Actor) -> dict[int, str]:
    """Each persona's name by its id, for pages that show a stored persona id (an action's filter)."""
    return dict(Persona.objects.of(actor).values_list("pk", "name"))


def persona_list(*, actor: Actor) -> list[tuple[Persona, int]]:
    """Every persona with its live number of customers."""
    return [(p, persona_members(actor=actor, persona=p).count()) for p in Persona.objects.of(actor)]


def persona_members(*, actor: Actor, persona: Persona) -> QuerySet[Customer]:
    """The persona's customers now; ``persona`` is one the actor sees (read through this module)."""
    return persona_customers(actor=actor, rules=persona.rules, now=timezone.now())


def persona_customers(*, actor: Actor, rules: list[dict], now: datetime) -> QuerySet[Customer]:
    """The workspace's current (not merged-away) customers who meet every rule."""
    since = now - timedelta(days=BEHAVIOUR_DAYS)
    customers = Customer.objects.of(actor).filter(merged_into__isnull=True)
    for number, rule in enumerate(rules):
        condition, annotation = _condition(actor, rule, since, number)
        if annotation:
            customers = customers.annotate(**annotation)
        customers = customers.filter(condition)
    return customers


def _condition(actor: Actor, rule: dict, since: datetime, number: int) -> tuple[Q, dict]:
    """A Q for one rule, plus any annotation it needs."""
    field, op, value = rule["field"], rule["op"], rule["value"]
    if field == "contacts_90d":
        name = f"journeys_contacts_90d_{number}"
        annotation = {name: Count("interactions", filter=Q(interactions__started_at__gte=since))}
        lookup = {"=": "exact", ">=": "gte", "<=": "lte"}[op]
        return Q(**{f"{name}__{lookup}": value}), annotation
    if field == "channel_90d":
        channels = value if isinstance(value, list) else [value]
        used = Interaction.objects.of(actor).filter(
            customer=OuterRef("pk"), channel__in=channels, started_at__gte=since
        )
        return Q(Exists(used)), {}
    path = field.replace(".", "__")
    if op == "in":
        return Q(**{f"{path}__in": value}), {}
    q = Q(**{path: value})
    return (~q if op == "!=" else q), {}
