from kohtaamo.timeline.models import Case, Interaction
from tests.factories import ingest, record

MATTI = {"external_id": "C-1"}


def contact(ext, when, reason="invoice", channel="chat", **extra):
    return record(external_id=ext, channel=channel, started_at=when, customer=MATTI, contact_reason=reason, **extra)


def test_a_chat_continued_on_the_phone_with_a_case_ref_is_one_case(voima):
    ingest(
        voima,
        record(external_id="chat", channel="chat", case_ref="CASE-7", started_at="2026-03-01T10:00:00+02:00"),
        record(external_id="call", channel="phone", case_ref="CASE-7", started_at="2026-03-20T10:00:00+02:00"),
    )
    case = Case.objects.get(ref="CASE-7")
    assert set(case.interactions.values_list("channel", flat=True)) == {"chat", "phone"}
    assert Interaction.objects.get(external_id="call").is_repeat


def test_same_reason_within_the_window_joins_the_case_as_a_repeat(voima):
    ingest(
        voima,
        contact("1", "2026-03-01T10:00:00+02:00"),
        contact("2", "2026-03-05T10:00:00+02:00", channel="phone"),
    )
    first, second = Interaction.objects.order_by("started_at")
    assert first.case == second.case
    assert (first.is_repeat, second.is_repeat) == (False, True)


def test_after_the_window_a_new_case_opens(voima):
    ingest(voima, contact("1", "2026-03-01T10:00:00+02:00"), contact("2", "2026-03-09T10:00:01+02:00"))
    first, second = Interaction.objects.order_by("started_at")
    assert first.case != second.case
    assert not second.is_repeat


def test_another_reason_is_another_case(voima):
    ingest(
        voima,
        contact("1", "2026-03-01T10:00:00+02:00"),
        contact("2", "2026-03-02T10:00:00+02:00", reason="move"),
    )
    assert Case.objects.count() == 2
    assert not Interaction.objects.filter(is_repeat=True).exists()


def test_the_window_is_configurable(voima):
    voima.case_window_days = 14
    voima.save()
    ingest(voima, contact("1", "2026-03-01T10:00:00+02:00"), contact("2", "2026-03-12T10:00:00+02:00"))
    assert Case.objects.count() == 1


def test_records_arriving_out_of_order_still_mark_the_later_one_as_repeat(voima):
    ingest(voima, contact("later", "2026-03-04T10:00:00+02:00"))
    ingest(voima, contact("earlier", "2026-03-02T10:00:00+02:00"))
    assert Interaction.objects.get(external_id="earlier").is_repeat is False
    assert Interaction.objects.get(external_id="later").is_repeat is True


def test_a_resolved_case_reopens_when_the_customer_comes_back(voima):
    ingest(voima, contact("1", "2026-03-01T10:00:00+02:00", outcome="resolved"))
    assert Case.objects.get().status == "resolved"
    ingest(voima, contact("2", "2026-03-03T10:00:00+02:00", channel="phone"))
    case = Case.objects.get()
    assert case.status == "open" and case.resolved_at is None
    assert Interaction.objects.get(external_id="2").is_repeat


def test_contacts_without_a_reason_are_not_counted_as_repeats(voima):
    ingest(
        voima,
        contact("1", "2026-03-01T10:00:00+02:00", reason=""),
        contact("2", "2026-03-01T11:00:00+02:00", reason=""),
    )
    assert Case.objects.count() == 2
    assert not Interaction.objects.filter(is_repeat=True).exists()


def test_anonymous_contacts_have_no_case(voima):
    ingest(voima, record(customer=None, contact_reason="invoice"))
    assert Interaction.objects.get().case is None
