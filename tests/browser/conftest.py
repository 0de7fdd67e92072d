"""Browser tests drive Debian's Chromium through Playwright (no browser download)."""

import os
import shutil

import pytest
from django.core.servers.basehttp import WSGIServer
from django.db import connection
from django.test.testcases import LiveServerThread

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        if os.environ.get("KOHTAAMO_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing; install Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium); CI requires it")
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


class _OneRequestAtATime(WSGIServer):
    """Django's live server without its request threads (it then closes every connection after a response)."""

    def __init__(self, *args, connections_override=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.connections_override = connections_override


@pytest.fixture(autouse=True)
def one_request_at_a_time(monkeypatch):
    """On SQLite the live server's request threads share the test's in-memory database connection, and
    two requests at once (a search-as-you-type request beside the form's own submit) misuse it: "bad
    parameter or other API misuse", a 500 that fails the test now and then. Serve one at a time there."""
    if connection.vendor == "sqlite":
        monkeypatch.setattr(LiveServerThread, "server_class", _OneRequestAtATime)
