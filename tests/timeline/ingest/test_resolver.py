"""Identity resolution: the same person is recognised on every channel, junk never matches."""

import pytest

from kohtaamo.timeline.models import Customer, CustomerIdentity, CustomerMerge, Interaction
from kohtaamo.timeline.services import customer_merge_undo
from tests.factories import ingest, record


def active_customers():
    return Customer.objects.filter(merged_into__isnull=True)


def customer_of(external_id):
    return Interaction.objects.get(external_id=external_id).customer


def test_phone_formats_and_email_case_find_the_same_customer(voima):
    ingest(
        voima,
        record(
            external_id="a",
            channel="chat",
            customer={"email": "Matti.Virtanen@Example.fi", "phone": "040 1234567"},
        ),
        record(external_id="b", channel="phone", customer={"phone": "+358401234567"}),
        record(external_id="c", channel="phone", customer={"phone": "358 40 123 4567"}),
        record(external_id="d", channel="email", customer={"email": " matti.virtanen@example.FI "}),
    )
    assert active_customers().count() == 1
    assert {customer_of(x).pk for x in "abcd"} == {active_customers().get().pk}


def test_identifiers_of_two_customers_in_one_record_merge_them(voima):
    ingest(
        voima,
        record(
            external_id="w",
            channel="whatsapp",
            customer={"handle": "whatsapp:+358501112222", "name": "Liisa"},
        ),
        record(external_id="s", channel="email", customer={"email": "liisa@example.fi", "language": "fi"}),
    )
    assert active_customers().count() == 2
    ingest(
        voima,
        record(
            external_id="x",
            channel="web",
            customer={
                "email": "LIISA@example.fi",
                "phone": "050 111 2222",
                "handle": "whatsapp:+358 50 111 2222",
            },
        ),
    )
    survivor = active_customers().get()
    merge = CustomerMerge.objects.get()
    assert merge.survivor == survivor
    assert "+358501112222" in merge.reason or "liisa@example.fi" in merge.reason
    assert set(survivor.interactions.values_list("external_id", flat=True)) == {"w", "s", "x"}
    assert (survivor.name, survivor.language) == ("Liisa", "fi")


def test_the_merge_survivor_is_deterministic_oldest_first(voima):
    ingest(voima, record(external_id="1", customer={"email": "first@example.fi"}))
    ingest(voima, record(external_id="2", customer={"email": "second@example.fi"}))
    first = customer_of("1")
    ingest(voima, record(external_id="3", customer={"email": "second@example.fi", "phone": "0401111111"}))
    ingest(voima, record(external_id="4", customer={"email": "first@example.fi", "phone": "0401111111"}))
    assert active_customers().get() == first


def test_a_merge_can_be_undone(voima):
    ingest(voima, record(external_id="w", customer={"handle": "whatsapp:+358501112222"}))
    ingest(voima, record(external_id="s", customer={"email": "liisa@example.fi"}))
    ingest(
        voima,
        record(external_id="x", customer={"email": "liisa@example.fi", "handle": "whatsapp:+358501112222"}),
    )
    merge = CustomerMerge.objects.get()
    customer_merge_undo(merge=merge)
    assert active_customers().count() == 2
    assert customer_of("s") == merge.merged
    assert customer_of("w") == merge.survivor
    assert CustomerIdentity.objects.get(value="liisa@example.fi").customer == merge.merged
    merge.refresh_from_db()
    assert merge.undone_at is not None


def test_two_external_ids_never_merge_and_their_shared_phone_stays_with_the_first(voima):
    ingest(voima, record(external_id="mum", customer={"external_id": "C-100", "phone": "09 123 4567"}))
    ingest(voima, record(external_id="son", customer={"external_id": "C-200", "phone": "+35891234567"}))
    mum, son = customer_of("mum"), customer_of("son")
    assert mum != son
    phone = CustomerIdentity.objects.get(kind="phone")
    assert phone.customer == mum and phone.shared
    assert CustomerMerge.objects.count() == 0


def test_a_shared_identifier_never_merges_anybody_later(voima):
    ingest(voima, record(external_id="mum", customer={"external_id": "C-100", "phone": "09 123 4567"}))
    ingest(voima, record(external_id="son", customer={"external_id": "C-200", "phone": "09 123 4567"}))
    ingest(voima, record(external_id="anon", customer={"email": "someone@example.fi"}))
    ingest(voima, record(external_id="later", customer={"email": "someone@example.fi", "phone": "09 123 4567"}))
    assert CustomerMerge.objects.count() == 0


def test_an_external_id_attaches_to_a_customer_known_only_by_email(voima):
    ingest(voima, record(external_id="chat", customer={"email": "aino@example.fi"}))
    ingest(voima, record(external_id="call", customer={"external_id": "C-9", "email": "aino@example.fi"}))
    assert active_customers().count() == 1
    assert set(customer_of("call").identities.values_list("kind", flat=True)) == {"email", "external_id"}


@pytest.mark.parametrize("junk", ["null", "anonymous", "-1", "000000", "NULL", "unknown"])
def test_junk_identifiers_never_match(voima, junk):
    ingest(
        voima,
        record(external_id="a", customer={"external_id": junk, "email": junk, "phone": junk, "name": "A"}),
        record(external_id="b", customer={"external_id": junk, "email": junk, "phone": junk, "name": "B"}),
    )
    assert CustomerIdentity.objects.count() == 0
    assert Interaction.objects.filter(customer__isnull=True).count() == 2


def test_configured_test_ids_are_junk_for_that_workspace(voima):
    voima.junk_identifiers = ["test-customer-1"]
    voima.save()
    ingest(
        voima,
        record(customer={"external_id": "TEST-CUSTOMER-1"}),
        record(customer={"external_id": "test-customer-1"}),
    )
    assert CustomerIdentity.objects.count() == 0


def test_identities_per_kind_are_limited(voima):
    records = [
        record(external_id=f"r{i}", customer={"external_id": "C-1", "email": f"alias{i}@example.fi"}) for i in range(8)
    ]
    report = ingest(voima, *records)
    assert CustomerIdentity.objects.filter(kind="email").count() == 5
    assert report.identity.identities_over_limit == 3


def test_identities_are_unique_per_workspace_in_the_database(voima):
    from django.db import IntegrityError, transaction

    ingest(voima, record(customer={"email": "a@example.fi"}))
    existing = CustomerIdentity.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        CustomerIdentity.objects.create(workspace=voima, customer=existing.customer, kind="email", value="a@example.fi")


def test_the_same_email_in_two_workspaces_is_two_customers(voima, linkki):
    ingest(voima, record(customer={"email": "a@example.fi"}))
    ingest(linkki, record(customer={"email": "a@example.fi"}))
    assert Customer.objects.count() == 2


def test_latest_profile_fields_win_and_attributes_merge(voima):
    ingest(
        voima,
        record(
            external_id="1",
            customer={"external_id": "C-1", "name": "Matti", "attributes": {"segment": "household"}},
        ),
    )
    ingest(
        voima,
        record(
            external_id="2",
            customer={"external_id": "C-1", "postal_code": "00100", "attributes": {"age_band": "65+"}},
        ),
    )
    customer = customer_of("2")
    assert (customer.name, customer.postal_code) == ("Matti", "00100")
    assert customer.attributes == {"segment": "household", "age_band": "65+"}


def test_a_whatsapp_handle_is_the_same_person_as_the_phone_number(voima):
    ingest(
        voima,
        record(external_id="call", channel="phone", customer={"phone": "040 123 4567"}),
        record(external_id="wa", channel="whatsapp", customer={"handle": "whatsapp:+358401234567"}),
    )
    assert customer_of("call") == customer_of("wa")


def test_a_customer_created_and_merged_in_one_batch_keeps_every_interaction(voima):
    ingest(
        voima,
        record(external_id="1", channel="chat", customer={"email": "a@example.com"}),
        record(external_id="2", channel="phone", customer={"phone": "0405556666"}),
        record(
            external_id="3",
            channel="email",
            customer={"external_id": "C1", "email": "a@example.com", "phone": "0405556666"},
        ),
    )
    assert Interaction.objects.filter(customer__isnull=True).count() == 0
    assert active_customers().count() == 1
    assert set(active_customers().get().interactions.values_list("external_id", flat=True)) == {"1", "2", "3"}


def test_identities_learnt_in_one_batch_are_found_in_the_next(voima):
    from kohtaamo.timeline.ingest import interactions_ingest

    records = [record(external_id=str(i), customer={"email": "same@example.fi"}) for i in range(5)]
    interactions_ingest(workspace=voima, records=enumerate(records), batch_size=2)
    assert active_customers().count() == 1
