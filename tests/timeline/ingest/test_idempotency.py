from kohtaamo.timeline.models import Customer, Interaction
from tests.factories import ingest, record


def test_sending_the_same_record_again_changes_nothing(voima):
    first = record(external_id="call-1", contact_reason="invoice", customer={"email": "matti@example.fi"})
    ingest(voima, first)
    before = Interaction.objects.get(external_id="call-1")
    report = ingest(voima, dict(first))
    after = Interaction.objects.get(external_id="call-1")
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
    assert after.updated_at == before.updated_at
    assert Interaction.objects.count() == 1
    assert Customer.objects.count() == 1


def test_key_order_does_not_make_a_record_different(voima):
    data = record(external_id="call-2", outcome="resolved")
    ingest(voima, data)
    reordered = dict(reversed(list(data.items())))
    assert ingest(voima, reordered).unchanged == 1


def test_a_changed_record_updates_in_place(voima):
    data = record(external_id="call-3", outcome="unresolved")
    ingest(voima, data)
    pk = Interaction.objects.get(external_id="call-3").pk
    report = ingest(voima, {**data, "outcome": "resolved", "handle_seconds": 240})
    interaction = Interaction.objects.get(external_id="call-3")
    assert (report.created, report.updated) == (0, 1)
    assert interaction.pk == pk
    assert (interaction.outcome, interaction.handle_seconds) == ("resolved", 240)


def test_the_same_external_id_from_two_sources_is_two_interactions(voima):
    ingest(voima, record(external_id="1", source="genesys"), record(external_id="1", source="zendesk"))
    assert Interaction.objects.count() == 2


def test_a_record_twice_in_one_batch_keeps_the_later_version(voima):
    report = ingest(voima, record(external_id="dup", outcome="open"), record(external_id="dup", outcome="resolved"))
    assert report.created == 1
    assert Interaction.objects.get(external_id="dup").outcome == "resolved"


def test_the_same_external_id_in_two_workspaces_stays_apart(voima, linkki):
    ingest(voima, record(external_id="x1"))
    ingest(linkki, record(external_id="x1"))
    assert Interaction.objects.filter(external_id="x1").count() == 2
