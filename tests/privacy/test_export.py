"""A person's export: everything held about them in one JSON document, over the API, the CLI and the page."""

import json

from django.apps import apps

from kohtaamo.cli import main
from kohtaamo.privacy.catalogue import NOT_PERSONAL
from kohtaamo.privacy.models import AuditEvent
from kohtaamo.privacy.selectors.export import EXPORTS, customer_export
from kohtaamo.privacy.services.erase import ERASERS
from kohtaamo.timeline.models import Customer
from kohtaamo.workspaces.access import Actor
from tests.factories import login, token_for

from .conftest import SAARA


def _reaches_customer(model, seen=()) -> bool:
    """Does a chain of foreign keys (or many-to-many links) lead from ``model`` to a customer?"""
    if model is Customer:
        return True
    for field in model._meta.get_fields():
        if not (field.is_relation and (field.many_to_one or field.one_to_one or field.many_to_many)):
            continue
        if field.auto_created and not field.concrete:
            continue  # a reverse relation: the other model points here, not this one there
        target = field.related_model
        if target is not None and target not in seen and _reaches_customer(target, (*seen, model)):
            return True
    return False


def _personal_tables() -> set[str]:
    return {m._meta.label_lower for m in apps.get_models(include_auto_created=True) if _reaches_customer(m)}


def test_every_table_reaching_a_customer_is_exported_and_erased_or_declared_not_personal(db):
    tables = _personal_tables()
    assert {"timeline.interaction", "feedback.answer", "notify.delivery", "quality.dispute"} <= tables
    assert tables - EXPORTS.keys() - NOT_PERSONAL.keys() == set()
    assert EXPORTS.keys() == ERASERS.keys()
    assert not EXPORTS.keys() & NOT_PERSONAL.keys()


def test_the_walk_finds_a_table_reached_through_a_chain(db):
    # QuestionScore → Evaluation → Interaction → Customer: two hops without a customer column.
    assert "quality.questionscore" in _personal_tables()
    assert "workspaces.team" not in _personal_tables()


def test_the_export_holds_every_planted_value_and_every_table(household, voima):
    document = customer_export(actor=Actor.system(voima), customer=household["saara"])
    text = json.dumps(document, ensure_ascii=False)
    for key in ("name", "email", "phone", "meter", "alias", "transcript", "comment", "notes"):
        assert SAARA[key] in text, key
    assert set(document["tables"]) == set(EXPORTS)
    assert all(document["tables"][label] for label in EXPORTS if label not in {"quality.dispute"}), {
        label for label, rows in document["tables"].items() if not rows
    }
    assert len(document["customer_ids"]) == 2  # Saara and the customer merged into her
    assert "Bertta" not in text and "fine service" not in text


def test_the_api_exports_and_records_who_did(client, household, voima, linkki):
    saara = household["saara"]
    response = client.get(f"/api/v1/customers/{saara.pk}/export", HTTP_AUTHORIZATION=f"Bearer {token_for(voima)}")
    assert response.status_code == 200
    assert SAARA["transcript"] in response.content.decode()
    event = AuditEvent.objects.get(action="customer.export")
    assert event.object_id == str(saara.pk) and event.actor_label.startswith("token test")
    other = client.get(f"/api/v1/customers/{saara.pk}/export", HTTP_AUTHORIZATION=f"Bearer {token_for(linkki)}")
    assert other.status_code == 404


def test_the_command_prints_the_document(household, capsys):
    assert main(["privacy", "export", "--workspace", "voima", "--customer", str(household["saara"].pk)]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["customer"]["name"] == SAARA["name"]
    assert main(["privacy", "export", "--workspace", "voima", "--customer", "999999"]) == 2


def test_the_customer_page_offers_the_export_to_managers_not_agents(client, household, people):
    saara = household["saara"]
    page = login(client, people["cecilia"]).get(f"/w/voima/customers/{saara.pk}/").content.decode()
    assert f"/w/voima/privacy/customers/{saara.pk}/export/" in page
    download = client.get(f"/w/voima/privacy/customers/{saara.pk}/export/")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert json.loads(download.content)["customer_id"] == saara.pk
    client.logout()
    agent = login(client, people["ville"])
    assert "/export/" not in agent.get(f"/w/voima/customers/{saara.pk}/").content.decode()
    assert agent.get(f"/w/voima/privacy/customers/{saara.pk}/export/").status_code == 403
