"""The 400/403/404/500 pages look like the app, keep the navigation when a member is known, and offer a way back."""

import pytest
from django.test import Client

from tests.factories import login

STYLESHEET = "kohtaamo/app.css"


@pytest.fixture
def failing(settings):
    settings.ROOT_URLCONF = "tests.site.boom_urls"
    return Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")


def test_it_shows_a_styled_404_with_the_navigation_and_a_way_back(client, people):
    login(client, people["leena"])
    response = client.get("/w/voima/customers/999999/")

    assert response.status_code == 404
    html = response.content.decode()
    assert STYLESHEET in html
    assert 'class="mainnav"' in html
    assert "Page not found" in html
    assert 'href="/w/voima/customers/"' in html  # back to the workspace
    assert "Back to Voima Sähkö" in html


def test_it_shows_a_styled_404_to_someone_signed_out_with_a_way_to_log_in(client, db):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert STYLESHEET in html
    assert 'class="mainnav"' not in html
    assert 'href="/login/"' in html


def test_another_workspace_looks_missing_and_offers_the_own_workspaces(client, people):
    login(client, people["outi"])  # Linkki only
    response = client.get("/w/voima/customers/")

    assert response.status_code == 404
    html = response.content.decode()
    assert STYLESHEET in html
    assert 'href="/"' in html and "All your workspaces" in html
    assert "Voima" not in html


def test_it_names_the_role_that_lacks_the_page_on_a_styled_403(client, people):
    login(client, people["ville"])  # an agent
    response = client.get("/w/voima/operations/")

    assert response.status_code == 403
    html = response.content.decode()
    assert STYLESHEET in html
    assert 'class="mainnav"' in html
    assert "Your role in Voima Sähkö (Agent) does not include this page." in html


def test_the_error_pages_are_translated(client, people):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fi"
    login(client, people["ville"])

    assert "Sivua ei löydy" in client.get("/w/voima/customers/999999/").content.decode()
    assert "Ei pääsyä tälle sivulle" in client.get("/w/voima/operations/").content.decode()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "sv"
    assert "Sidan hittades inte" in client.get("/w/voima/customers/999999/").content.decode()


def test_a_server_error_is_a_styled_500_with_the_navigation(failing, people):
    login(failing, people["leena"])
    response = failing.get("/w/voima/boom/")

    assert response.status_code == 500
    html = response.content.decode()
    assert STYLESHEET in html
    assert "Something went wrong" in html
    assert 'class="mainnav"' in html
    assert "planted failure" not in html  # no internals shown


def test_the_500_page_still_renders_when_the_navigation_itself_fails(failing, people, monkeypatch):
    def broken(user):
        raise RuntimeError("the database is gone")

    monkeypatch.setattr("kohtaamo.workspaces.context_processors.workspaces_for", broken)
    login(failing, people["leena"])
    response = failing.get("/boom/")

    assert response.status_code == 500
    html = response.content.decode()
    assert STYLESHEET in html and "Something went wrong" in html
    assert "the database is gone" not in html


def test_the_500_page_falls_back_to_a_fixed_page_when_its_template_fails(failing, db, monkeypatch):
    from django.template import loader

    real = loader.get_template

    class Broken:
        def render(self, *args, **kwargs):
            raise RuntimeError("template broken")

    monkeypatch.setattr(loader, "get_template", lambda name, *a, **k: Broken() if name == "500.html" else real(name))
    response = failing.get("/boom/")

    assert response.status_code == 500
    html = response.content.decode()
    assert STYLESHEET in html and "Something went wrong" in html


def test_the_pages_link_a_favicon_that_is_served_locally(client, people):
    login(client, people["leena"])
    html = client.get("/w/voima/customers/").content.decode()
    assert '<link rel="icon" href="/static/kohtaamo/favicon.svg" type="image/svg+xml">' in html

    svg = client.get("/static/kohtaamo/favicon.svg")
    assert svg.status_code == 200 and svg["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in b"".join(svg.streaming_content)

    redirect = client.get("/favicon.ico")
    assert redirect.status_code == 301 and redirect["Location"] == "/static/kohtaamo/favicon.ico"
    ico = client.get(redirect["Location"])
    assert ico.status_code == 200
    assert b"".join(ico.streaming_content)[:4] == b"\x00\x00\x01\x00"  # the ICO header
