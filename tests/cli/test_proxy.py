"""Behind a TLS-ending proxy, waitress believes X-Forwarded-Proto/-For from the trusted proxy only."""

import contextlib
import http.client
import threading

import pytest
from django.core.handlers.wsgi import WSGIHandler
from waitress.server import create_server

from kohtaamo.cli.proxy import waitress_proxy_options


def get_login(options: dict, headers: dict) -> int:
    """One request to /login/ through a real waitress server on loopback; its status."""
    server = create_server(WSGIHandler(), host="127.0.0.1", port=0, threads=1, **options)

    def run() -> None:
        # Closing the socket from the test's thread is how the server stops; its loop then raises.
        with contextlib.suppress(OSError):
            server.run()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.effective_port, timeout=10)
        connection.request("GET", "/login/", headers=headers)
        return connection.getresponse().status
    finally:
        server.close()
        server.task_dispatcher.shutdown()
        thread.join(timeout=5)


@pytest.fixture
def https_only(settings):
    settings.SECURE_SSL_REDIRECT = True


def test_without_a_trusted_proxy_a_forwarded_https_is_ignored(https_only, monkeypatch):
    monkeypatch.delenv("KOHTAAMO_TRUSTED_PROXY", raising=False)
    assert get_login(waitress_proxy_options(), {"X-Forwarded-Proto": "https"}) == 301


def test_the_trusted_proxys_https_is_believed_so_the_redirect_does_not_loop(https_only, monkeypatch):
    monkeypatch.setenv("KOHTAAMO_TRUSTED_PROXY", "127.0.0.1")
    assert get_login(waitress_proxy_options(), {"X-Forwarded-Proto": "https"}) == 200
    assert get_login(waitress_proxy_options(), {"X-Forwarded-Proto": "http"}) == 301


def test_a_proxy_at_another_address_is_not_believed(https_only, monkeypatch):
    monkeypatch.setenv("KOHTAAMO_TRUSTED_PROXY", "192.0.2.1")
    assert get_login(waitress_proxy_options(), {"X-Forwarded-Proto": "https"}) == 301
