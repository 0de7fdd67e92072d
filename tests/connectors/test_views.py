"""The settings page's connectors: admins see each one's address and status; nobody else does."""

from kohtaamo.connectors.models import Connector
from kohtaamo.connectors.services.connectors import connector_add
from kohtaamo.connectors.services.health import connector_failed
from tests.factories import login


def test_an_admin_sees_the_connectors_with_their_webhook_address_and_status(client, people, whatsapp):
    connector_failed(connector=whatsapp, error="could not connect to the receiver")
    response = login(client, people["aino"]).get("/w/voima/settings/connectors/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f"http://testserver{whatsapp.webhook_path}" in page
    assert "Failing" in page and "could not connect to the receiver" in page


def test_the_settings_page_links_to_the_connectors(client, people):
    page = login(client, people["aino"]).get("/w/voima/settings/").content.decode()
    assert "/w/voima/settings/connectors/" in page


def test_other_roles_may_not_see_them(client, people, whatsapp):
    assert login(client, people["cecilia"]).get("/w/voima/settings/connectors/").status_code == 403
    assert login(client, people["outi"]).get("/w/voima/settings/connectors/").status_code == 404


def test_an_admin_removes_one(client, voima, people, whatsapp):
    response = login(client, people["aino"]).post(f"/w/voima/settings/connectors/{whatsapp.pk}/remove/")
    assert response.status_code == 302
    assert not Connector.objects.of(voima).exists()


def test_another_workspaces_connector_is_a_404(client, voima, linkki, people):
    theirs = connector_add(workspace=linkki, kind="chatwoot", name="Chatwoot", options={})
    response = login(client, people["aino"]).post(f"/w/voima/settings/connectors/{theirs.pk}/remove/")
    assert response.status_code == 404
    assert Connector.objects.of(linkki).exists()


def test_names_and_errors_from_outside_are_escaped(client, voima, people):
    connector = connector_add(workspace=voima, kind="chatwoot", name="<b>Chat</b>", options={})
    connector_failed(connector=connector, error="<script>alert(1)</script>")
    page = login(client, people["aino"]).get("/w/voima/settings/connectors/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;b&gt;Chat&lt;/b&gt;" in page
