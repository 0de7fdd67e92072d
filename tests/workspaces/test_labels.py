"""A workspace's names for its own keys: the fallback rule, and the page where an admin writes them."""

import pytest
from django.utils import translation

from kohtaamo.privacy.models import AuditEvent
from kohtaamo.workspaces.labels import humanise, key_label, labels_from_rows, labels_rows
from kohtaamo.workspaces.models import Workspace
from kohtaamo.workspaces.services import workspace_labels_set
from tests.factories import ingest, login, record

PAGE = "/w/voima/settings/labels/"
LABELS = {
    "attribute": {"age_band": {"fi": "Ikäryhmä", "sv": "Åldersgrupp", "en": "Age group"}},
    "reason": {"laskutus": {"fi": "Laskutus", "en": "Billing"}},
}


def unsaved(labels: dict) -> Workspace:
    return Workspace(slug="x", name="X", display_labels=labels)


@pytest.mark.parametrize(
    ("key", "words"),
    [("age_band", "Age band"), ("laskutus", "Laskutus"), ("CRM_id", "CRM id"), ("  two__parts ", "Two parts")],
)
def test_a_key_reads_as_a_word(key, words):
    assert humanise(key) == words


def test_the_label_is_the_workspaces_own_in_the_asked_language():
    workspace = unsaved(LABELS)
    assert key_label(workspace, "attribute", "age_band", "fi") == "Ikäryhmä"
    assert key_label(workspace, "attribute", "age_band", "sv") == "Åldersgrupp"
    assert key_label(workspace, "reason", "laskutus", "en-gb") == "Billing"


def test_the_page_language_is_the_default():
    with translation.override("sv"):
        assert key_label(unsaved(LABELS), "attribute", "age_band") == "Åldersgrupp"


def test_a_missing_label_falls_back_to_the_key_as_a_word_never_another_language_nor_the_raw_key():
    workspace = unsaved(LABELS)
    assert key_label(workspace, "reason", "laskutus", "sv") == "Laskutus"  # not borrowed from fi
    assert key_label(workspace, "attribute", "contract_type", "fi") == "Contract type"
    assert key_label(workspace, "reason", "age_band", "en") == "Age band"  # the kinds are apart
    assert key_label(None, "attribute", "customer_since", "en") == "Customer since"
    assert key_label(unsaved({"attribute": {"age_band": {"en": "   "}}}), "attribute", "age_band", "en") == "Age band"
    assert key_label(workspace, "attribute", "", "en") == ""


def test_rows_from_the_stored_map_and_back():
    rows = labels_rows(LABELS, "attribute", ["segment", "age_band"])
    assert rows == [
        {"key": "age_band", "fi": "Ikäryhmä", "sv": "Åldersgrupp", "en": "Age group"},
        {"key": "segment", "fi": "", "sv": "", "en": ""},
    ]
    assert [row["key"] for row in labels_rows(LABELS, "attribute", ["a_key", "b_key"], limit=2)] == [
        "age_band",
        "a_key",
    ]  # labelled keys first, then the unlabelled ones while there is room
    rows[1]["en"] = " Segment "
    rows.append({"key": "", "fi": "", "sv": "", "en": ""})
    assert labels_from_rows(rows) == {
        "age_band": {"fi": "Ikäryhmä", "sv": "Åldersgrupp", "en": "Age group"},
        "segment": {"en": "Segment"},
    }


def test_saving_one_kind_keeps_the_other_and_is_audited(voima):
    workspace_labels_set(workspace=voima, kind="attribute", labels=LABELS["attribute"])
    workspace_labels_set(workspace=voima, kind="reason", labels=LABELS["reason"])
    voima.refresh_from_db()
    assert voima.display_labels == LABELS
    assert AuditEvent.objects.filter(workspace=voima, action="settings.change", object_type="workspace").count() == 2


@pytest.fixture
def customer_data(voima):
    customer = {"external_id": "c-1", "attributes": {"age_band": "65+", "contract_type": "pörssisähkö"}}
    ingest(voima, record(customer=customer, contact_reason="laskutus"))


def test_the_page_lists_the_keys_in_the_data_and_saves_the_rows(client, people, voima, customer_data):
    login(client, people["aino"])
    page = client.get(PAGE).content.decode()
    assert 'value="age_band"' in page and 'value="contract_type"' in page and 'value="laskutus"' in page
    form = {
        "action": "attribute", "attribute-TOTAL_FORMS": "3", "attribute-INITIAL_FORMS": "0",
        "attribute-0-key": "age_band", "attribute-0-fi": "Ikäryhmä", "attribute-0-sv": "", "attribute-0-en": "Age",
        "attribute-1-key": "contract_type", "attribute-1-fi": "", "attribute-1-sv": "", "attribute-1-en": "",
        "attribute-2-key": "", "attribute-2-fi": "", "attribute-2-sv": "", "attribute-2-en": "",
    }  # fmt: skip
    assert client.post(PAGE, form).status_code == 302
    voima.refresh_from_db()
    assert voima.display_labels == {"attribute": {"age_band": {"fi": "Ikäryhmä", "en": "Age"}}}
    customer_page = client.get("/w/voima/customers/").content.decode()
    assert customer_page  # the list still renders
    detail = client.get(f"/w/voima/customers/{voima.customers.get().pk}/").content.decode()
    assert "<dt>Age</dt>" in detail and "<dt>Contract type</dt>" in detail and "age_band" not in detail


def test_names_without_a_key_are_a_field_error(client, people, voima):
    login(client, people["aino"])
    form = {
        "action": "reason", "reason-TOTAL_FORMS": "1", "reason-INITIAL_FORMS": "0",
        "reason-0-key": "", "reason-0-fi": "Laskutus", "reason-0-sv": "", "reason-0-en": "",
    }  # fmt: skip
    answer = client.post(PAGE, form)
    assert answer.status_code == 400
    assert "Give the key these names belong to." in answer.content.decode()
    voima.refresh_from_db()
    assert voima.display_labels == {}


def test_only_an_admin_edits_labels(client, people):
    login(client, people["cecilia"])
    assert client.get(PAGE).status_code == 403
