"""Who an incident affects: postal codes, areas, named customers or assets, narrowed by a segment rule.

The incident already names its workspace, so these reads scope by it (the system reading for the incident).
"""

from django.db.models import Q, QuerySet
from django.db.models.fields.json import KeyTransform

from kohtaamo.lib.identity import normalise_external_id
from kohtaamo.notify.models import Incident
from kohtaamo.timeline.models import Customer, CustomerIdentity

AREA_KEYS = ("area", "city")
ASSET_KEYS = ("asset_id", "metering_point")


def affected_customers(incident: Incident) -> QuerySet[Customer]:
    """The incident's customers (merged-away duplicates excluded)."""
    customers = Customer.objects.of(incident.workspace).filter(merged_into__isnull=True)
    where = _location(incident)
    if where is not None:
        customers = customers.filter(where)
    elif not incident.segment:
        return customers.none()
    for n, (key, values) in enumerate(_segment(incident.segment)):
        customers = customers.alias(**{f"segment_{n}": KeyTransform(key, "attributes")}).filter(
            **{f"segment_{n}__in": values}
        )
    return customers


def _location(incident: Incident) -> Q | None:
    parts: list[Q] = []
    exact = [code for code in incident.postal_codes if not code.endswith("*")]
    if exact:
        parts.append(Q(postal_code__in=exact))
    parts += [Q(postal_code__startswith=code[:-1]) for code in incident.postal_codes if code.endswith("*")]
    for keys, values in ((AREA_KEYS, incident.areas), (ASSET_KEYS, incident.asset_ids)):
        for n, key in enumerate(keys):
            if values:
                parts.append(Q(pk__in=_with_attribute(incident, key, values, n)))
    if incident.customer_ids:
        values = [normalise_external_id(str(v)) for v in incident.customer_ids]
        identities = (
            CustomerIdentity.objects.of(incident.workspace)
            .filter(kind="external_id", value__in=[v for v in values if v])
            .values("customer_id")
        )
        parts.append(Q(pk__in=identities))
    if not parts:
        return None
    where = parts[0]
    for part in parts[1:]:
        where |= part
    return where


def _with_attribute(incident: Incident, key: str, values: list, n: int) -> QuerySet:
    name = f"attribute_{n}"
    return (
        Customer.objects.of(incident.workspace)
        .alias(**{name: KeyTransform(key, "attributes")})
        .filter(**{f"{name}__in": list(values)})
        .values("pk")
    )


def _segment(rule: dict) -> list[tuple[str, list]]:
    # Compared as JSON values: {"vip": true} matches the JSON true, {"floor": 3} the number 3.
    return [(key, value if isinstance(value, list) else [value]) for key, value in rule.items()]
