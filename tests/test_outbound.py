"""Outbound addresses: http(s) only, never this server's own or private networks unless an operator allows."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kohtaamo import outbound
from kohtaamo.outbound import Allowance, OutboundRefused, host_check, is_public, resolve_checked, url_check

NONE = Allowance()


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0",  # noqa: S104
     "100.64.0.1", "224.0.0.1",
     "::1", "fe80::1", "fc00::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "ff02::1"],
)  # fmt: skip
def test_internal_addresses_are_not_public(address):
    assert not is_public(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "1.1.1.1", "2606:4700:4700::1111"])
def test_internet_addresses_are_public(address):
    assert is_public(address)


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://example.com/x", "gopher://example.com/", "data:text/plain,hi", "javascript:alert(1)",
     "http://127.0.0.1:8000/", "http://[::1]/", "https://localhost/x", "http://metadata.google.internal/",
     "http://169.254.169.254/latest/meta-data/", "http://0x7f000001/", "http://printer.local/", "http:///nohost"],
)  # fmt: skip
def test_forms_refuse_bad_schemes_and_literal_internal_hosts(url):
    with pytest.raises(OutboundRefused):
        url_check(url, allow=NONE)


def test_a_decimal_ip_host_is_resolved_and_checked_at_connect_time():
    # "2130706433" is 127.0.0.1 to the resolver: not literal to the form, refused when connecting.
    with pytest.raises(OutboundRefused):
        resolve_checked("2130706433", 80, allow=NONE)


def test_a_name_resolving_to_any_internal_address_is_refused():
    def rebinding(host, port):
        return ["93.184.215.14", "10.0.0.5"]

    with pytest.raises(OutboundRefused):
        resolve_checked("sms.example.com", 443, allow=NONE, resolve=rebinding)
    assert resolve_checked("sms.example.com", 443, allow=NONE, resolve=lambda h, p: ["93.184.215.14"])


def test_the_operator_may_allow_an_internal_relay_by_name_or_network():
    allow = Allowance.parse(["smtp.internal", "10.20.0.0/16"])
    host_check("smtp.internal", allow=allow)
    assert resolve_checked("relay.corp", 25, allow=allow, resolve=lambda h, p: ["10.20.3.4"]) == "10.20.3.4"
    with pytest.raises(OutboundRefused):
        resolve_checked("relay.corp", 25, allow=allow, resolve=lambda h, p: ["10.21.3.4"])


class _Redirecting(BaseHTTPRequestHandler):
    target = ""

    def do_POST(self):  # noqa: N802
        self.send_response(307)
        self.send_header("Location", self.target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def redirector():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Redirecting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def test_loopback_is_refused_before_connecting(settings, redirector):
    settings.KOHTAAMO_OUTBOUND_ALLOW = []
    url = f"http://127.0.0.1:{redirector.server_address[1]}/hook"
    with pytest.raises(OutboundRefused):
        outbound.post(url, b"{}", {}, timeout=2)


@pytest.mark.parametrize("target", ["http://localhost:9/x", "http://10.0.0.1/x", "file:///etc/passwd"])
def test_a_redirect_is_checked_like_the_first_address(settings, redirector, target):
    settings.KOHTAAMO_OUTBOUND_ALLOW = ["127.0.0.1"]  # the redirector itself is allowed, where it points is not
    _Redirecting.target = target
    with pytest.raises((OutboundRefused, outbound.urllib.error.URLError)) as caught:
        outbound.post(f"http://127.0.0.1:{redirector.server_address[1]}/hook", b"{}", {}, timeout=2)
    assert "Errno" not in outbound.failure_text(caught.value)


def test_failure_texts_name_the_kind_of_failure_not_the_network():
    refused = ConnectionRefusedError(111, "Connection refused")
    assert outbound.failure_text(refused) == "could not connect to the receiver"
    assert outbound.failure_text(TimeoutError("timed out")) == "the receiver did not answer in time"
