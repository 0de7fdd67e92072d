"""Personal data in incoming free text is masked before anything is stored or hashed (docs/privacy.md).

Every way in is tried — the API, `kohtaamo import` (parsed in the worker process), a Zendesk export, a
pre-parsed record — and afterwards every column of every table is read back raw: the originals are nowhere.
"""

import json
from pathlib import Path

import pytest
from django.db import connection

from kohtaamo.cli import main
from kohtaamo.privacy.models import AuditEvent
from kohtaamo.timeline.ingest import interactions_ingest
from kohtaamo.timeline.ingest.zendesk import zendesk_records
from kohtaamo.timeline.models import CustomerIdentity, Interaction
from kohtaamo.timeline.records import parse_record
from kohtaamo.workspaces.models import Workspace
from kohtaamo.workspaces.services import workspace_redaction_set
from tests.factories import ingest, login, record, token_for

EMAIL = "maija.meikalainen@example.fi"
HETU = "131052-308T"  # a valid personal identity code (check character T)
HETU_NEW_SIGN = "131052Y308T"  # the same code with a century sign in use since 2023
PHONE = "040 123 4567"
IBAN = "FI21 1234 5600 0007 85"
CARD = "4111 1111 1111 1111"
# The originals, as they would appear in any column (JSON escapes none of these characters).
ORIGINALS = [EMAIL, HETU, HETU_NEW_SIGN, PHONE, "0401234567", IBAN, "FI2112345600000785", CARD, "4111111111111111"]
# Numbers a conversation is about: a wrong check character, a date, an amount, a meter reading.
KEPT = ["131052-308U", "12.3.2026", "123,45 €", "0045127"]


def conversation() -> list[dict]:
    return [
        {"at": 0, "speaker": "agent", "text": "Voima, Aino speaking."},
        {"at": 4, "speaker": "customer", "text": f"My email is {EMAIL} and my id {HETU}, or {HETU_NEW_SIGN}."},
        {"at": 9, "speaker": "customer", "text": f"Call me on {PHONE}. Pay from {IBAN}, not card {CARD}."},
        {"at": 15, "speaker": "agent", "text": f"Id {KEPT[0]}? Bill of {KEPT[1]} is {KEPT[2]}, meter {KEPT[3]}."},
    ]


def sensitive_record(**overrides) -> dict:
    data = record(
        external_id="call-pii",
        transcript=conversation(),
        attributes={"note": f"wants a reply to {EMAIL}", "tags": [f"card {CARD}"], "queue_log": []},
        customer={
            "external_id": "crm-77",
            "email": "maija@asiakas.fi",  # identity fields are kept: they are how she is recognised
            "phone": "+358501112222",
            "attributes": {"remark": f"identity code {HETU}"},
        },
    )
    data.update(overrides)
    return data


def every_value_in_the_database() -> str:
    """Every row of every table, as text, read straight from the database (not through the models)."""
    rows = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (names from the schema)
            rows += [json.dumps(row, default=str, ensure_ascii=False) for row in cursor.fetchall()]
    return "\n".join(rows)


def assert_masked(interaction: Interaction) -> None:
    texts = [turn["text"] for turn in interaction.transcript]
    assert texts[1] == "My email is [EMAIL] and my id [PERSONAL_ID], or [PERSONAL_ID]."
    assert texts[2] == "Call me on [PHONE]. Pay from [IBAN], not card [CARD]."
    assert texts[3] == conversation()[3]["text"]  # wrong checksum, date, amount and meter reading untouched
    assert interaction.attributes["note"] == "wants a reply to [EMAIL]"
    assert interaction.attributes["tags"] == ["card [CARD]"]
    assert interaction.customer.attributes == {"remark": "identity code [PERSONAL_ID]"}
    assert interaction.redacted_kinds == ["email", "personal_id", "phone", "iban", "card"]
    identities = set(CustomerIdentity.objects.filter(customer=interaction.customer).values_list("value", flat=True))
    assert {"maija@asiakas.fi", "+358501112222", "crm-77"} <= identities


def assert_nowhere_in_the_database() -> None:
    everything = every_value_in_the_database()
    assert [original for original in ORIGINALS if original in everything] == []
    assert all(kept in everything for kept in KEPT)


@pytest.fixture
def api(client, voima):
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token_for(voima)}"
    return client


def post(client, payload):
    return client.post("/api/v1/interactions", data=json.dumps(payload), content_type="application/json")


def test_a_new_workspace_masks_personal_data(voima):
    assert Workspace.objects.get(pk=voima.pk).redact_personal_data is True


def test_the_api_stores_only_the_masked_text(api):
    assert post(api, sensitive_record()).json()["created"] == 1
    assert_masked(Interaction.objects.select_related("customer").get())
    assert_nowhere_in_the_database()


def test_the_scan_would_find_an_original(api, voima):
    # The scan above is not blind: with masking off the same record leaves its originals in the table.
    workspace_redaction_set(workspace=voima, redact_personal_data=False)
    post(api, sensitive_record())
    everything = every_value_in_the_database()
    assert all(original in everything for original in (EMAIL, HETU, PHONE, IBAN, CARD))


def test_sending_the_record_again_stores_it_once(api):
    post(api, sensitive_record())
    again = post(api, sensitive_record()).json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 1)
    assert Interaction.objects.count() == 1


def test_the_content_hash_is_of_the_masked_text(api):
    # The hash never saw the original: the already-masked record is the same record to it.
    post(api, sensitive_record())
    stored = Interaction.objects.select_related("customer").get()
    masked = sensitive_record(
        transcript=stored.transcript,
        attributes=stored.attributes,
        customer={**sensitive_record()["customer"], "attributes": stored.customer.attributes},
    )
    assert post(api, masked).json()["unchanged"] == 1


def test_with_the_setting_off_nothing_is_masked(voima):
    workspace_redaction_set(workspace=voima, redact_personal_data=False)
    ingest(voima, sensitive_record())
    stored = Interaction.objects.select_related("customer").get()
    assert [turn["text"] for turn in stored.transcript] == [turn["text"] for turn in conversation()]
    assert stored.attributes["note"] == f"wants a reply to {EMAIL}"
    assert stored.customer.attributes == {"remark": f"identity code {HETU}"}
    assert stored.redacted_kinds == []


def test_a_text_without_personal_data_records_no_kinds(voima):
    ingest(voima, record(transcript=[{"at": 0, "speaker": "customer", "text": "Lasku 12.3.2026, 123,45 €"}]))
    stored = Interaction.objects.get()
    assert stored.redacted_kinds == [] and stored.transcript[0]["text"] == "Lasku 12.3.2026, 123,45 €"


def test_an_import_masks_in_the_worker_and_writes_no_original_to_the_rejects_file(voima, tmp_path):
    bad = sensitive_record(external_id="call-bad", channel="pigeon")  # rejected: an unknown channel
    path = tmp_path / "calls.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in (sensitive_record(), bad)) + "\n", encoding="utf-8")
    assert main(["import", "interactions", str(path), "--workspace", "voima"]) == 1
    rejects = (tmp_path / "calls.jsonl.rejects.jsonl").read_text(encoding="utf-8")
    assert "call-bad" in rejects and not [original for original in ORIGINALS if original in rejects]
    assert_masked(Interaction.objects.select_related("customer").get())
    assert_nowhere_in_the_database()
    # Idempotent through the file path too: the same file again stores nothing new.
    main(["import", "interactions", str(path), "--workspace", "voima"])
    assert Interaction.objects.count() == 1
    assert Interaction.objects.get().transcript[1]["text"].startswith("My email is [EMAIL]")


def test_a_record_parsed_without_the_workspaces_masking_is_refused(voima):
    # A way in that parsed on its own (without parse_options) cannot slip an original past the ingest.
    unmasked = parse_record(sensitive_record(), region="FI")
    with pytest.raises(ValueError, match="redaction"):
        interactions_ingest(workspace=voima, records=[(1, unmasked)])
    assert not Interaction.objects.exists()


def test_the_interaction_page_says_what_was_masked(client, voima, people):
    ingest(voima, sensitive_record())
    interaction = Interaction.objects.get()
    page = login(client, people["aino"]).get(f"/w/voima/interactions/{interaction.pk}/")
    assert page.status_code == 200
    assert "Personal data masked: email, personal identity code, phone, IBAN, card number" in page.text


def test_the_settings_page_turns_masking_off_and_on_with_an_audit_event(client, voima, people):
    login(client, people["aino"])
    page = client.get("/w/voima/settings/")
    assert 'name="redact_personal_data" checked' in page.text
    assert client.post("/w/voima/settings/", {"action": "data"}).status_code == 302
    assert Workspace.objects.get(pk=voima.pk).redact_personal_data is False
    client.post("/w/voima/settings/", {"action": "data", "redact_personal_data": "on"})
    assert Workspace.objects.get(pk=voima.pk).redact_personal_data is True
    events = AuditEvent.objects.filter(workspace=voima, action="settings.change", object_type="workspace")
    assert [e.detail["value"] for e in events.order_by("pk")] == [False, True]


def test_only_an_admin_changes_the_setting(client, voima, people):
    login(client, people["cecilia"])
    assert client.post("/w/voima/settings/", {"action": "data"}).status_code == 403
    assert Workspace.objects.get(pk=voima.pk).redact_personal_data is True


def test_a_zendesk_import_masks_its_comments_and_stays_idempotent(voima, tmp_path):
    export = (Path(__file__).parent / "data" / "zendesk_export.jsonl").read_text(encoding="utf-8")
    path = tmp_path / "export.jsonl"
    path.write_text(export.replace("kaksi kertaa perusmaksu.", f"kaksi kertaa perusmaksu. Tili {IBAN}."), "utf-8")

    def load():
        return interactions_ingest(workspace=voima, records=zendesk_records(workspace=voima, path=path))

    assert load().created == 2
    billing = Interaction.objects.get(source="zendesk", external_id="101")
    assert billing.transcript[0]["text"] == "Hei, maaliskuun laskussa on kaksi kertaa perusmaksu. Tili [IBAN]."
    assert billing.redacted_kinds == ["iban"] and IBAN not in every_value_in_the_database()
    assert load().unchanged == 2
