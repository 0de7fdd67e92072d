"""The audit trail: reads of personal data and admin actions are recorded; nothing can change or remove them."""

import json

import pytest
from django.contrib import admin
from django.test import RequestFactory

from kohtaamo.cli import main
from kohtaamo.notify.services.channels import channel_config_set
from kohtaamo.privacy.models import AppendOnly, AuditEvent
from kohtaamo.privacy.services.audit import audit_record
from kohtaamo.workspaces.access import Role
from kohtaamo.workspaces.services import api_token_create, api_token_revoke, membership_set
from tests.factories import ingest, login, person, record


def test_reading_a_customer_page_and_a_transcript_is_recorded_with_who_and_where(client, voima, people):
    ingest(voima, record(external_id="c1", transcript=[{"at": 0, "speaker": "customer", "text": "hei"}]))
    customer = voima.customers.get()
    interaction = voima.interactions.get()
    login(client, people["ville"])
    client.get(f"/w/voima/customers/{customer.pk}/", REMOTE_ADDR="192.0.2.7")
    client.get(f"/w/voima/interactions/{interaction.pk}/", REMOTE_ADDR="192.0.2.7")
    view, transcript = AuditEvent.objects.filter(action__endswith=".view").order_by("pk")
    assert (view.action, view.object_id, view.user, view.client_address) == (
        "customer.view", str(customer.pk), people["ville"], "192.0.2.7",
    )  # fmt: skip
    assert transcript.action == "interaction.view" and transcript.detail["customer_id"] == customer.pk


def test_admin_actions_are_recorded(voima, people):
    token, _ = api_token_create(workspace=voima, name="crm", created_by=people["aino"])
    api_token_revoke(token=token, revoked_by=people["aino"])
    membership_set(workspace=voima, user=people["ville"], role=Role.TEAM_LEAD, changed_by=people["aino"])
    membership_set(workspace=voima, user=people["ville"], role=Role.TEAM_LEAD)  # no change, no event
    channel_config_set(workspace=voima, channel="email", options={"password": "s3cret-pw"}, changed_by=people["aino"])
    actions = list(AuditEvent.objects.of(voima).filter(user=people["aino"]).order_by("pk").values_list("action"))
    assert [a for (a,) in actions] == ["token.create", "token.revoke", "membership.change", "settings.change"]
    change = AuditEvent.objects.get(action="membership.change", user=people["aino"])
    assert change.detail == {"role": "team_lead", "previous_role": "agent"}
    assert "s3cret-pw" not in json.dumps(list(AuditEvent.objects.values("detail")))


def test_merges_made_by_ingestion_are_recorded_without_the_shared_identifier(voima):
    ingest(voima, record(customer={"email": "x@example.fi"}), record(customer={"phone": "+358401112223"}))
    ingest(voima, record(customer={"email": "x@example.fi", "phone": "+358401112223"}))
    merge = AuditEvent.objects.get(action="customers.merge")
    assert merge.actor_label == "system" and "x@example.fi" not in json.dumps(merge.detail)


def test_an_event_cannot_be_changed_or_deleted_in_any_way(voima):
    event = audit_record(workspace=voima, action="customer.view", object_type="customer", object_id=1)
    event.action = "nothing.happened"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        AuditEvent.objects.of(voima).update(action="x")
    with pytest.raises(AppendOnly):
        AuditEvent.objects.of(voima).delete()
    with pytest.raises(AppendOnly):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get().action == "customer.view"


def test_the_admin_shows_the_trail_read_only(voima, people):
    model_admin = admin.site._registry[AuditEvent]
    request = RequestFactory().get("/admin/")
    request.user = person("root@example.fi")
    request.user.is_superuser = True
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_the_detail_takes_no_free_text_structures(voima):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        audit_record(workspace=voima, action="x", detail={"transcript": [{"text": "hello"}]})
    with pytest.raises(ValidationError):
        audit_record(workspace=voima, action="x", detail={"blob": "y" * 5000})


def test_admins_filter_and_download_the_trail_others_get_403(client, voima, linkki, people):
    audit_record(workspace=voima, user=people["aino"], action="customer.export", object_type="customer", object_id=7)
    audit_record(workspace=voima, user=people["cecilia"], action="customer.view", object_type="customer", object_id=7)
    audit_record(workspace=linkki, action="customer.export", object_type="customer", object_id=8)
    login(client, people["aino"])
    page = client.get("/w/voima/privacy/audit/?action=customer.export").content.decode()
    assert "customer.export" in page and "cecilia@voima.fi" not in page
    assert "Customer&#x27;s data exported" in page  # the action by its name; the key stays for filtering
    rows = client.get("/w/voima/privacy/audit/?action=customer.&format=jsonl")
    events = [json.loads(line) for line in b"".join(rows.streaming_content).decode().splitlines()]
    assert sorted(e["action"] for e in events) == ["customer.export", "customer.view"]  # not Linkki's
    csv = b"".join(client.get("/w/voima/privacy/audit/?format=csv&actor=cecilia").streaming_content).decode()
    assert csv.splitlines()[0].startswith("at,actor,action") and len(csv.splitlines()) == 2
    assert client.get("/w/voima/privacy/audit/?since=not-a-date").status_code == 200
    client.logout()
    login(client, people["cecilia"])
    assert client.get("/w/voima/privacy/audit/").status_code == 403


def test_the_command_prints_one_event_a_line_with_its_action(voima, linkki, capsys):
    audit_record(workspace=voima, action="customer.export", object_type="customer", object_id=1)
    audit_record(workspace=voima, action="customer.erase", object_type="customer", object_id=1)
    audit_record(workspace=linkki, action="token.create")
    assert main(["audit", "export", "--workspace", "voima"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["action"] for line in lines] == ["customer.export", "customer.erase"]


def test_the_database_refuses_a_raw_update_but_lets_a_deleted_user_go(voima, people):
    from django.db import DatabaseError, connection, transaction

    event = audit_record(workspace=voima, user=people["ville"], action="customer.view", object_id=1)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE privacy_auditevent SET action = 'nothing' WHERE id = %s", [event.pk])
    people["ville"].delete()
    assert AuditEvent.objects.get(pk=event.pk).user is None
    assert AuditEvent.objects.get(pk=event.pk).actor_label == "ville@voima.fi"
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM privacy_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_an_api_timeline_read_is_recorded_for_the_token(client, voima):
    from tests.factories import token_for

    ingest(voima, record(external_id="c9"))
    customer = voima.customers.get()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_for(voima)}", "REMOTE_ADDR": "198.51.100.4"}
    assert client.get(f"/api/v1/customers/{customer.pk}/timeline", **headers).status_code == 200
    event = AuditEvent.objects.get(action="customer.view")
    assert event.token is not None and event.client_address == "198.51.100.4"


def test_the_page_names_what_an_event_touched_by_its_label(client, voima, people):
    from kohtaamo.privacy.presenters import audit_object_label

    channel_config_set(workspace=voima, channel="email", changed_by=people["aino"], rate_per_second=5)
    event = AuditEvent.objects.get(object_type="notify_channel")
    assert audit_object_label(event) == "Notification channel: Email"
    assert audit_object_label(AuditEvent(object_type="api_token", object_id="3")) == "API token #3"
    assert audit_object_label(AuditEvent(object_type="some_new_thing")) == "Some new thing"
    login(client, people["aino"])
    page = client.get("/w/voima/privacy/audit/").content.decode()
    assert "Notification channel: Email" in page and "notify_channel" not in page


def test_the_trail_names_actions_and_the_system_in_the_pages_language(client, voima, people):
    """The page showed `membership.change` and the English word "system" to Finnish admins."""
    audit_record(workspace=voima, action="membership.change", object_type="user", object_id=3)
    audit_record(workspace=voima, action="something.new_later", object_type="user", object_id=3)
    login(client, people["aino"])
    client.post("/i18n/setlang/", {"language": "fi", "next": "/"})
    page = client.get("/w/voima/privacy/audit/").content.decode()
    assert "Jäsenyys muutettu" in page and "järjestelmä" in page and "Something new later" in page
