"""The timeline pages: who may see what, and untrusted text always escaped."""

import pytest

from kohtaamo.timeline.models import Customer, CustomerMerge, Interaction
from tests.factories import ingest, login, record


@pytest.fixture
def matti(voima):
    ingest(
        voima,
        record(external_id="c", channel="chat", started_at="2026-03-01T10:00:00+02:00", contact_reason="invoice",
               customer={"external_id": "C-1", "name": "Matti Virtanen", "email": "matti@example.fi"},
               transcript=[{"speaker": "customer", "text": "<script>alert('x')</script> & more"}]),
        record(external_id="p", channel="phone", started_at="2026-03-02T10:00:00+02:00", contact_reason="invoice",
               customer={"phone": "040 1234567", "email": "MATTI@example.fi"}),
        record(external_id="e", channel="email", started_at="2026-03-03T10:00:00+02:00", customer={"external_id": "C-1"}),  # noqa: E501
    )  # fmt: skip
    return Customer.objects.get(workspace=voima)


def test_login_is_required(client, voima):
    response = client.get("/w/voima/customers/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_an_agent_searches_by_phone_and_sees_every_channel(client, people, matti):
    login(client, people["ville"])
    response = client.get("/w/voima/customers/", {"q": "+358 40 123 4567"})
    assert "Matti Virtanen" in response.content.decode()
    page = client.get(f"/w/voima/customers/{matti.pk}/").content.decode()
    for channel in ("chan-chat", "chan-phone", "chan-email"):
        assert channel in page
    assert "repeat contact" in page


def test_search_by_name_and_email(client, people, matti):
    login(client, people["leena"])
    assert "Matti Virtanen" in client.get("/w/voima/customers/", {"q": "virtanen"}).content.decode()
    assert "Matti Virtanen" in client.get("/w/voima/customers/", {"q": "MATTI@EXAMPLE.FI"}).content.decode()
    assert "No customers match" in client.get("/w/voima/customers/", {"q": "nobody"}).content.decode()


def test_htmx_search_returns_only_the_rows(client, people, matti):
    login(client, people["ville"])
    response = client.get("/w/voima/customers/", {"q": "matti"}, HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode()
    assert "Matti Virtanen" in response.content.decode()


def test_transcripts_are_escaped(client, people, matti):
    login(client, people["kalle"])
    chat = Interaction.objects.get(external_id="c")
    page = client.get(f"/w/voima/interactions/{chat.pk}/").content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; more" in page


def test_another_workspaces_pages_are_404(client, people, matti):
    login(client, people["outi"])
    assert client.get("/w/voima/customers/").status_code == 404
    assert client.get(f"/w/voima/customers/{matti.pk}/").status_code == 404
    assert client.get(f"/w/linkki/customers/{matti.pk}/").status_code == 404


def test_an_agent_cannot_open_workspace_settings(client, people, voima):
    for name in ("ville", "leena", "kalle", "cecilia"):
        client.logout()
        login(client, people[name])
        assert client.get("/w/voima/settings/").status_code == 403, name
    client.logout()
    login(client, people["aino"])
    assert client.get("/w/voima/settings/").status_code == 200


def test_navigation_is_role_aware(client, people, voima):
    login(client, people["ville"])
    assert "/w/voima/settings/" not in client.get("/w/voima/customers/").content.decode()
    client.logout()
    login(client, people["aino"])
    assert "/w/voima/settings/" in client.get("/w/voima/customers/").content.decode()


def test_a_merged_customers_page_leads_to_the_survivor(client, people, voima):
    ingest(voima, record(customer={"email": "a@example.fi"}), record(customer={"phone": "0409999999"}))
    ingest(voima, record(customer={"email": "a@example.fi", "phone": "0409999999"}))
    merge = CustomerMerge.objects.get()
    login(client, people["ville"])
    response = client.get(f"/w/voima/customers/{merge.merged_id}/")
    assert response.status_code == 302 and response["Location"].endswith(f"/customers/{merge.survivor_id}/")


def test_only_managers_undo_merges(client, people, voima):
    ingest(voima, record(customer={"email": "a@example.fi"}), record(customer={"phone": "0409999999"}))
    ingest(voima, record(customer={"email": "a@example.fi", "phone": "0409999999"}))
    merge = CustomerMerge.objects.get()
    login(client, people["ville"])
    assert client.post(f"/w/voima/merges/{merge.pk}/undo/").status_code == 403
    client.logout()
    login(client, people["cecilia"])
    assert client.post(f"/w/voima/merges/{merge.pk}/undo/").status_code == 302
    merge.refresh_from_db()
    assert merge.undone_at is not None


def test_the_ui_speaks_finnish_and_swedish(client, people, voima):
    login(client, people["ville"])
    client.post("/i18n/setlang/", {"language": "sv", "next": "/"})
    assert "Kunder" in client.get("/w/voima/customers/").content.decode()
    client.post("/i18n/setlang/", {"language": "fi", "next": "/"})
    assert "Asiakkaat" in client.get("/w/voima/customers/").content.decode()
