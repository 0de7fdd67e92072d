from kohtaamo.notify.incoming import scope_errors
from kohtaamo.notify.models import Incident
from kohtaamo.notify.selectors.targeting import affected_customers

from .conftest import customer


def scope(voima, **fields) -> set[int]:
    incident = Incident(workspace=voima, **fields)
    return set(affected_customers(incident).values_list("pk", flat=True))


def test_it_targets_customers_by_exact_postal_code(voima):
    inside, outside = customer(voima, postal_code="00100"), customer(voima, postal_code="00200")
    assert scope(voima, postal_codes=["00100"]) == {inside.pk}
    assert outside.pk not in scope(voima, postal_codes=["00100"])


def test_it_targets_postal_code_prefixes(voima):
    a, b = customer(voima, postal_code="00120"), customer(voima, postal_code="00150")
    customer(voima, postal_code="20100")
    assert scope(voima, postal_codes=["001*"]) == {a.pk, b.pk}


def test_it_targets_areas_through_customer_attributes(voima):
    turku = customer(voima, postal_code="20100", attributes={"city": "Turku"})
    customer(voima, postal_code="00100", attributes={"city": "Helsinki"})
    assert scope(voima, areas=["Turku"]) == {turku.pk}


def test_it_targets_named_customers_and_assets(voima):
    named = customer(voima)
    metered = customer(voima, attributes={"metering_point": "643000000000012345"})
    customer(voima)
    number = named.identities.get(kind="external_id").value
    assert scope(voima, customer_ids=[number], asset_ids=["643000000000012345"]) == {named.pk, metered.pk}


def test_a_segment_rule_narrows_the_location(voima):
    business = customer(voima, attributes={"segment": "business"})
    customer(voima, attributes={"segment": "household"})
    customer(voima, postal_code="00200", attributes={"segment": "business"})
    assert scope(voima, postal_codes=["00100"], segment={"segment": ["business"]}) == {business.pk}


def test_a_segment_rule_alone_targets_the_whole_segment(voima):
    a = customer(voima, postal_code="00100", attributes={"contract_type": "pörssisähkö"})
    b = customer(voima, postal_code="90100", attributes={"contract_type": "pörssisähkö"})
    customer(voima, attributes={"contract_type": "määräaikainen"})
    assert scope(voima, segment={"contract_type": "pörssisähkö"}) == {a.pk, b.pk}


def test_it_never_targets_another_workspaces_customers(voima, linkki):
    mine, theirs = customer(voima), customer(linkki)
    found = scope(voima, postal_codes=["00100"])
    assert mine.pk in found and theirs.pk not in found


def test_an_empty_scope_targets_nobody_and_is_an_error(voima):
    customer(voima)
    assert scope(voima) == set()
    errors = scope_errors(postal_codes=[], areas=[], customer_ids=[], asset_ids=[], segment={})
    assert "scope" in errors


def test_a_segment_attribute_must_be_a_plain_name(voima):
    errors = scope_errors(postal_codes=[], areas=[], customer_ids=[], asset_ids=[], segment={"a__b; drop": "x"})
    assert "segment" in errors
