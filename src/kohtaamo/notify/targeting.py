"""Who an incident affects: postal codes, areas, named customers or assets, narrowed by a segment rule."""

import re

from django.db.models import Q, QuerySet
from django.db.models.fields.json import KeyTransform
from django.utils.translation import gettext_lazy as _

from kohtaamo.lib.identity import normalise_external_id
from kohtaamo.timeline.models import Customer, CustomerIdentity

from .models import Incident

# Attribute keys come from outside (the webhook): only plain names reach the JSON lookups.
ATTRIBUTE_KEY = re.compile(r"^[A-Za-z](?:_?[A-Za-z0-9])*$")
AREA_KEYS = ("area", "city")
ASSET_KEYS = ("asset_id", "metering_point")
LIST_FIELDS = ("postal_codes", "areas", "customer_ids", "asset_ids")


def affected_customers(incident: Incident) -> QuerySet[Customer]:
    """The incident's customers (merged-away duplicates excluded)."""
    customers = Customer.objects.filter(workspace_id=incident.workspace_id, merged_into__isnull=True)
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
                parts.append(Q(pk__in=_with_attribute(incident.workspace_id, key, values, n)))
    if incident.customer_ids:
        values = [normalise_external_id(str(v)) for v in incident.customer_ids]
        identities = CustomerIdentity.objects.filter(
            workspace_id=incident.workspace_id, kind="external_id", value__in=[v for v in values if v]
        ).values("customer_id")
        parts.append(Q(pk__in=identities))
    if not parts:
        return None
    where = parts[0]
    for part in parts[1:]:
        where |= part
    return where


def _with_attribute(workspace_id: int, key: str, values: list, n: int) -> QuerySet:
    name = f"attribute_{n}"
    return (
        Customer.objects.filter(workspace_id=workspace_id)
        .alias(**{name: KeyTransform(key, "attributes")})
        .filter(**{f"{name}__in": list(values)})
        .values("pk")
    )


def _segment(rule: dict) -> list[tuple[str, list]]:
    # Compared as JSON values: {"vip": true} matches the JSON true, {"floor": 3} the number 3.
    return [(key, value if isinstance(value, list) else [value]) for key, value in rule.items()]


def scope_errors(*, postal_codes, areas, customer_ids, asset_ids, segment) -> dict[str, str]:
    """Field errors of an incident's scope (nothing would be targeted, or a malformed segment rule)."""
    errors: dict[str, str] = {}
    for name, value in zip(LIST_FIELDS, (postal_codes, areas, customer_ids, asset_ids), strict=True):
        if not isinstance(value, list) or not all(isinstance(v, str | int) and str(v).strip() for v in value):
            errors[name] = _("must be a list of non-empty texts")
    if not isinstance(segment, dict):
        errors["segment"] = _("must be an object of attribute names and a value or a list of values")
    else:
        for key, value in segment.items():
            if not ATTRIBUTE_KEY.match(str(key)):
                errors["segment"] = _("attribute names are letters, digits and underscores")
            elif not isinstance(value, str | int | float | bool | list) or value in ([], ""):
                errors["segment"] = _("every attribute needs a value or a non-empty list of values")
    if not errors and not (postal_codes or areas or customer_ids or asset_ids or segment):
        errors["scope"] = _("give at least one of postal codes, areas, customer ids, asset ids or a segment rule")
    return errors
