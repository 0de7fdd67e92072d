"""Bad input: every rejected record names its position, field and reason; good records are kept."""

from kohtaamo.timeline.models import Interaction
from tests.factories import ingest, record


def errors_of(report):
    return {(r.position, e.field) for r in report.rejected for e in r.errors}


def test_it_keeps_good_records_beside_bad_ones(voima):
    report = ingest(
        voima,
        record(external_id="good-1"),
        record(external_id="", channel="fax"),
        record(external_id="good-2", started_at="2026-03-02 09:00"),
        record(external_id="good-3"),
    )
    assert report.created == 2
    assert errors_of(report) == {(1, "external_id"), (1, "channel"), (2, "started_at")}
    assert set(Interaction.objects.values_list("external_id", flat=True)) == {"good-1", "good-3"}


def test_it_requires_an_offset_on_timestamps(voima):
    report = ingest(voima, record(started_at="2026-03-02T09:00:00"))
    assert report.rejected[0].errors[0].field == "started_at"
    assert "offset" in report.rejected[0].errors[0].message


def test_it_rejects_impossible_times_and_durations(voima):
    report = ingest(
        voima,
        record(started_at="2026-03-02T09:00:00+02:00", ended_at="2026-03-02T08:00:00+02:00"),
        record(wait_seconds=-3),
        record(handle_seconds="long"),
    )
    assert errors_of(report) == {(0, "ended_at"), (1, "wait_seconds"), (2, "handle_seconds")}


def test_it_rejects_wrong_types_inside_the_record(voima):
    report = ingest(
        voima,
        record(customer="matti"),
        record(transcript="hello"),
        record(attributes=[1, 2]),
        record(recording_url="javascript:alert(1)"),
        record(customer={"name": ["a"]}),
    )
    assert errors_of(report) == {
        (0, "customer"),
        (1, "transcript"),
        (2, "attributes"),
        (3, "recording_url"),
        (4, "customer.name"),
    }


def test_it_rejects_a_record_that_is_not_an_object(voima):
    report = ingest(voima, ["not", "an", "object"])
    assert errors_of(report) == {(0, "record")}


def test_channel_aliases_are_understood(voima):
    report = ingest(voima, record(channel="Voice"), record(channel="e-mail"), record(channel="messenger"))
    assert report.created == 3
    assert sorted(Interaction.objects.values_list("channel", flat=True)) == ["email", "phone", "social"]


def test_times_are_stored_in_utc(voima):
    ingest(voima, record(external_id="t", started_at="2026-07-01T12:00:00+03:00"))
    stored = Interaction.objects.get(external_id="t").started_at
    assert stored.utcoffset().total_seconds() == 0
    assert (stored.hour, stored.minute) == (9, 0)


def test_a_parsed_record_travels_between_processes_whole():
    """A file's parse workers send records to the writer pickled, as their values in order."""
    import pickle

    from kohtaamo.lib.text.pii import Redactor
    from kohtaamo.timeline.records import parse_record

    data = record(
        external_id="p-1",
        customer={"external_id": "c-1", "email": "Aino@Example.fi", "name": "Aino", "attributes": {"tier": "gold"}},
        transcript=[{"at": 0, "speaker": "agent", "text": "Call me on 040 123 4567"}],
        attributes={"vip": True},
    )
    parsed = parse_record(data, redactor=Redactor())
    again = pickle.loads(pickle.dumps(parsed))  # noqa: S301 - our own bytes
    assert again == parsed and again.customer == parsed.customer and again.redacted_kinds == ("phone",)
