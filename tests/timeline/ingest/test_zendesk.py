"""Zendesk's incremental export: tickets become cases, public comments the transcript, re-imports update."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kohtaamo.timeline.ingest import interactions_ingest
from kohtaamo.timeline.ingest.zendesk import ZendeskRead, zendesk_records
from kohtaamo.timeline.models import Case, Interaction

DATA = Path(__file__).parent.parent / "data"


def load(workspace, path):
    return interactions_ingest(workspace=workspace, records=zendesk_records(workspace=workspace, path=path))


def ticket(workspace, number):
    return (
        Interaction.objects.of(workspace)
        .select_related("agent", "team", "customer", "case")
        .get(source="zendesk", external_id=str(number))
    )


def identities(interaction):
    return sorted((i.kind, i.value) for i in interaction.customer.identities.all())


@pytest.mark.django_db
def test_an_export_becomes_one_interaction_and_case_per_ticket(voima):
    report = load(voima, DATA / "zendesk_export.jsonl")
    assert report.created == 2
    billing = ticket(voima, 101)
    assert (billing.channel, billing.direction, billing.outcome) == ("email", "inbound", "resolved")
    assert (billing.started_at, billing.ended_at) == (
        datetime(2026, 3, 2, 7, 12, tzinfo=UTC),
        datetime(2026, 3, 2, 9, 40, tzinfo=UTC),
    )
    assert billing.transcript == [
        {"at": "2026-03-02T07:12:00Z", "speaker": "customer",
         "text": "Hei, maaliskuun laskussa on kaksi kertaa perusmaksu."},
        {"at": "2026-03-02T09:40:00Z", "speaker": "agent",
         "text": "Hyvitimme toisen perusmaksun, se näkyy seuraavalla laskulla."},
    ]  # fmt: skip
    assert (billing.agent.key, billing.agent.name, billing.team.key) == ("zendesk-7001", "Laura Nieminen", "Laskutus")
    assert (billing.customer.name, billing.customer.language) == ("Liisa Virtanen", "fi")
    assert identities(billing) == [("email", "liisa.virtanen@example.fi")]
    assert (billing.case.ref, billing.case.status) == ("zendesk-101", Case.Status.RESOLVED)
    assert billing.attributes["zendesk_note_ids"] == [6003] and billing.attributes["zendesk_tags"] == [
        "laskutus",
        "hyvitys",
    ]
    chat = ticket(voima, 102)
    assert (chat.channel, chat.outcome, chat.ended_at, chat.agent) == ("chat", "", None, None)
    assert identities(chat) == [("phone", "+358501112222")] and chat.customer.language == "sv"
    assert chat.transcript == [
        {"at": "2026-03-02T10:05:00Z", "speaker": "customer", "text": "Hej, strömmen är borta i Vasa."}
    ]
    rejected = {(r.position, r.external_id): [e.field for e in r.errors] for r in report.rejected}
    assert rejected == {(2, ""): ["line"], (3, "999"): ["comments"], (1, "103"): ["started_at"]}


@pytest.mark.django_db
def test_an_updated_ticket_keeps_its_stored_comments_and_adds_the_new(voima):
    load(voima, DATA / "zendesk_export.jsonl")
    report = load(voima, DATA / "zendesk_update.json")
    assert (report.created, report.updated) == (0, 1)
    chat = ticket(voima, 102)
    assert [(t["speaker"], t["text"]) for t in chat.transcript] == [
        ("customer", "Hej, strömmen är borta i Vasa."),
        ("agent", "Hej Matti! Felet är åtgärdat, strömmen är tillbaka."),
    ]
    assert (chat.outcome, chat.agent.key, chat.case.status) == ("resolved", "zendesk-7001", Case.Status.RESOLVED)
    assert Interaction.objects.of(voima).filter(source="zendesk").count() == 2


@pytest.mark.django_db
def test_importing_the_same_export_again_changes_nothing(voima):
    load(voima, DATA / "zendesk_export.jsonl")
    load(voima, DATA / "zendesk_update.json")
    read = ZendeskRead()
    again = interactions_ingest(
        workspace=voima, records=zendesk_records(workspace=voima, path=DATA / "zendesk_export.jsonl", read=read)
    )
    # 101 is as it was; 102 is stored in a newer version than the first file's, which must not undo it.
    assert (again.created, again.updated, again.unchanged, read.older) == (0, 0, 1, 1)
    assert (ticket(voima, 102).outcome, len(ticket(voima, 102).transcript)) == ("resolved", 2)
    assert load(voima, DATA / "zendesk_update.json").unchanged == 1


@pytest.mark.django_db
def test_a_comment_made_private_leaves_the_transcript(voima, tmp_path):
    load(voima, DATA / "zendesk_export.jsonl")
    page = json.loads((DATA / "zendesk_update.json").read_text())
    page["ticket_events"][0]["child_events"][0].update(id=6005, public=False)
    (tmp_path / "private.json").write_text(json.dumps(page))
    load(voima, tmp_path / "private.json")
    assert ticket(voima, 102).transcript == [] and ticket(voima, 102).attributes["zendesk_note_ids"] == [6005]


@pytest.mark.django_db
def test_a_broken_export_is_one_clear_rejection(voima, tmp_path):
    (tmp_path / "page.json").write_text('{\n  "tickets": [\n    {"id": 1,\n')
    report = load(voima, tmp_path / "page.json")
    [rejected] = report.rejected
    assert rejected.errors[0].field == "file" and "not valid JSON" in rejected.errors[0].message
    (tmp_path / "other.json").write_text('{"articles": []}')
    assert "Zendesk export" in load(voima, tmp_path / "other.json").rejected[0].errors[0].message
