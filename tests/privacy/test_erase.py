"""Erasure: no trace of the person in any column of any table, and every count and score as before."""

import json

from django.db import connection
from django.db.models import Avg, Count, Sum

from kohtaamo.cli import main
from kohtaamo.feedback.models import Answer
from kohtaamo.notify.models import Delivery
from kohtaamo.privacy.models import AuditEvent, Erasure
from kohtaamo.privacy.services.erase import customer_erase
from kohtaamo.timeline.models import Customer, Interaction
from kohtaamo.workspaces.access import Actor
from tests.factories import login, token_for

from .conftest import SAARA

# Everything that identifies Saara or that she said; lower case, as the scan compares case-insensitively.
PLANTED = [SAARA[k].lower() for k in ("name", "email", "phone", "meter", "alias", "transcript", "comment", "notes")]
PLANTED += ["qwertyson", "0401239876", "crm-qwerty-1"]


def _every_value_in_the_database() -> dict[str, list[str]]:
    """Every table's every row, as text, read straight from the database (not through the models)."""
    found: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (table names from the schema)
            found[table] = [json.dumps(row, default=str, ensure_ascii=False).lower() for row in cursor.fetchall()]
    return found


def _traces() -> dict[str, set[str]]:
    traces: dict[str, set[str]] = {}
    for table, rows in _every_value_in_the_database().items():
        for row in rows:
            for needle in PLANTED:
                if needle in row:
                    traces.setdefault(table, set()).add(needle)
    return traces


def _figures(workspace) -> dict:
    answers = Answer.objects.of(workspace)
    interactions = Interaction.objects.of(workspace)
    return {
        "interactions": interactions.count(),
        "handle_seconds": interactions.aggregate(s=Sum("handle_seconds"))["s"],
        "repeats": interactions.filter(is_repeat=True).count(),
        "answers": answers.count(),
        "nps": sorted(answers.filter(scale="nps_0_10").values_list("value", flat=True)),
        "csat": answers.filter(scale="csat_1_5").aggregate(a=Avg("value"), n=Count("pk")),
        "text_answers": answers.filter(question_type="text").count(),
        "deliveries": sorted(Delivery.objects.of(workspace).values_list("status", flat=True)),
        "customers_interacting": interactions.values("customer").distinct().count(),
    }


def test_the_scan_finds_what_was_planted(household):
    # Without this, a scan that reads nothing would pass the test below.
    traces = _traces()
    assert {
        "timeline_customer",
        "timeline_customeridentity",
        "timeline_interaction",
        "feedback_answer",
    } <= traces.keys()
    assert any(t.startswith("notify_") for t in traces) and any(t.startswith("quality_") for t in traces)


def test_erasure_leaves_no_trace_in_any_table_and_every_figure_as_it_was(household, voima, people):
    before = _figures(voima)
    bertta_before = json.dumps(list(Customer.objects.filter(pk=household["bertta"].pk).values()), default=str)
    actor = Actor(people["aino"], voima, "admin")
    erasure = customer_erase(actor=actor, customer=household["saara"])
    assert _traces() == {}
    assert _figures(voima) == before
    assert json.dumps(list(Customer.objects.filter(pk=household["bertta"].pk).values()), default=str) == bertta_before
    assert Answer.objects.filter(text="fine service").exists()  # Bertta's comment stays
    assert erasure.customer_id == household["saara"].pk and erasure.erased_by == people["aino"]
    # Three calls and the chat that came in through the Chatwoot connector.
    assert erasure.rows["timeline.interaction"] == 4 and erasure.rows["timeline.customeridentity"] >= 3
    assert erasure.rows["connectors.conversation"] == 1 and erasure.rows["connectors.message"] == 1
    event = AuditEvent.objects.get(action="customer.erase")
    assert event.user == people["aino"] and event.object_id == str(household["saara"].pk)


def test_the_erased_customer_can_be_exported_as_the_empty_shell_it_is(household, voima):
    saara = household["saara"]
    customer_erase(actor=Actor.system(voima), customer=saara)
    again = customer_erase(actor=Actor.system(voima), customer=saara)  # erasing twice is harmless
    assert Erasure.objects.count() == 2 and "timeline.interaction" in again.rows


def test_the_api_erases_for_a_token_and_another_workspace_gets_404(client, household, voima, linkki):
    saara = household["saara"]
    other = client.post(f"/api/v1/customers/{saara.pk}/erase", HTTP_AUTHORIZATION=f"Bearer {token_for(linkki)}")
    assert other.status_code == 404
    response = client.post(f"/api/v1/customers/{saara.pk}/erase", HTTP_AUTHORIZATION=f"Bearer {token_for(voima)}")
    assert response.status_code == 200, response.content
    assert response.json()["customer_id"] == saara.pk
    assert _traces() == {}


def test_the_command_erases(household, capsys):
    assert main(["privacy", "erase", "--workspace", "voima", "--customer", str(household["saara"].pk)]) == 0
    assert f"Customer {household['saara'].pk} erased" in capsys.readouterr().out
    assert _traces() == {}


def test_only_admins_get_the_confirmed_button(client, household, people):
    saara = household["saara"]
    url = f"/w/voima/privacy/customers/{saara.pk}/erase/"
    manager = login(client, people["cecilia"])
    assert url not in manager.get(f"/w/voima/customers/{saara.pk}/").content.decode()
    assert manager.post(url, {"confirm": str(saara.pk)}).status_code == 403
    client.logout()
    admin = login(client, people["aino"])
    assert url in admin.get(f"/w/voima/customers/{saara.pk}/").content.decode()
    wrong = admin.post(url, {"confirm": "12345678"})
    assert wrong.status_code == 200 and "not the customer" in wrong.content.decode()
    assert not Erasure.objects.exists()
    done = admin.post(url, {"confirm": str(saara.pk)}, follow=True)
    assert "erased" in done.content.decode() and Erasure.objects.count() == 1
    assert _traces() == {}


def test_sqlite_overwrites_deleted_content(db):
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        assert cursor.fetchone()[0] == 1


def test_a_read_only_token_may_export_but_not_erase(client, household, voima):
    from kohtaamo.workspaces.services import api_token_create

    saara = household["saara"]
    _token, secret = api_token_create(workspace=voima, name="reader", read_only=True)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get(f"/api/v1/customers/{saara.pk}/export", **auth).status_code == 200
    assert client.post(f"/api/v1/customers/{saara.pk}/erase", **auth).status_code == 403
    saara.refresh_from_db()
    assert saara.name  # nothing was erased
