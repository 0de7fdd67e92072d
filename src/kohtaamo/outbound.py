"""Outbound connections that a workspace's settings point somewhere: never to the server's own network.

A CX manager types webhook, SMS-provider, apprise and SMTP addresses into the settings page; the worker then
connects there with customer data. Without a guard that is a server-side request forgery: the worker
would POST to 127.0.0.1, the cloud metadata service or the intranet, and the dead-letter page's error
("Connection refused") would tell the manager which internal ports are open. So:

- only ``http``/``https`` URLs (and an SMTP host name) are accepted;
- the host is resolved when connecting and *every* address it resolves to must be public (not loopback,
  private, link-local, multicast, reserved or unspecified, also inside IPv4-mapped IPv6); the HTTP
  connection is then made to the address that was checked, so a DNS answer that changes between the
  check and the connection (rebinding) cannot slip through;
- a redirect is a new connection and is checked the same way (at most ``MAX_REDIRECTS``);
- an operator who really sends to an internal relay lists it in ``KOHTAAMO_OUTBOUND_ALLOW``
  (host names or networks, e.g. ``smtp.internal,10.20.0.0/16``);
- what a user sees of a failure is a category ("could not connect"), never the network's details; the
  details go to the server log.
"""

from __future__ import annotations

import http.client
import ipaddress
import logging
import socket
import ssl
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext_lazy as _

log = logging.getLogger("kohtaamo.outbound")

SCHEMES = ("http", "https")
MAX_REDIRECTS = 3
Resolver = Callable[[str, int], list[str]]


class OutboundRefused(ValueError):
    """The address is not one Kohtaamo may connect to; the message is safe to show."""


class OutboundUnreachable(OSError):
    """The destination could not be reached; the message is a category, safe to show."""


@dataclass(frozen=True)
class Allowance:
    """Internal destinations the operator allows (``KOHTAAMO_OUTBOUND_ALLOW``)."""

    hosts: frozenset[str] = frozenset()
    networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()

    @classmethod
    def parse(cls, entries: Iterable[str]) -> Allowance:
        hosts, networks = set(), []
        for entry in (e.strip() for e in entries):
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                hosts.add(entry.lower().rstrip("."))
        return cls(frozenset(hosts), tuple(networks))

    def permits(self, host: str, address: str | None = None) -> bool:
        if host.lower().rstrip(".") in self.hosts:
            return True
        if address is None:
            return False
        ip = ipaddress.ip_address(address)
        return any(ip in network for network in self.networks)


def allowance() -> Allowance:
    return Allowance.parse(getattr(settings, "KOHTAAMO_OUTBOUND_ALLOW", []))


def is_public(address: str) -> bool:
    """True for an address on the internet; False for this machine's and every private network."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _literal(host: str) -> str | None:
    """The address a host written as an IP means, also in the old forms resolvers accept (0x7f000001,
    2130706433, 127.1, 0177.0.0.1)."""
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        pass
    if host and all(c in "0123456789abcdefx." for c in host.lower()) and any(c.isdigit() for c in host):
        try:
            return socket.inet_ntoa(socket.inet_aton(host))
        except OSError:
            return None
    return None


def host_check(host: str, *, allow: Allowance | None = None) -> None:
    """Refuse, without resolving, a host that names this machine or a private network (for forms)."""
    allow = allow or allowance()
    host = (host or "").strip().lower().rstrip(".")
    if not host:
        raise OutboundRefused(_("the address has no host"))
    if allow.permits(host):
        return
    address = _literal(host)
    if address is not None:
        if not is_public(address) and not allow.permits(host, address):
            raise OutboundRefused(_("addresses of this server's own or private networks are not allowed"))
    elif host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        raise OutboundRefused(_("addresses of this server's own or private networks are not allowed"))


def url_check(url: str, *, allow: Allowance | None = None) -> tuple[str, str, int]:
    """The URL's scheme, host and port, if it is an http(s) URL to a host that may be public."""
    try:
        parts = urlsplit((url or "").strip())
        port = parts.port
    except ValueError:
        raise OutboundRefused(_("the address is not a valid URL")) from None
    if parts.scheme.lower() not in SCHEMES:
        raise OutboundRefused(_("only http and https addresses are allowed"))
    host_check(parts.hostname or "", allow=allow)
    return parts.scheme.lower(), parts.hostname or "", port or (443 if parts.scheme.lower() == "https" else 80)


def _system_resolver(host: str, port: int) -> list[str]:
    return sorted({info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)})


def resolve_checked(host: str, port: int, *, allow: Allowance | None = None, resolve: Resolver | None = None) -> str:
    """One address to connect to, after checking every address the host resolves to."""
    allow = allow or allowance()
    host_check(host, allow=allow)
    try:
        addresses = (resolve or _system_resolver)(host, port)
    except OSError as error:
        log.info("outbound: cannot resolve %s: %s", host, error)
        raise OutboundUnreachable(_("the host name could not be resolved")) from None
    if not addresses:
        raise OutboundUnreachable(_("the host name could not be resolved"))
    for address in addresses:
        if not is_public(address) and not allow.permits(host, address):
            log.warning("outbound: refused %s, which resolves to %s", host, address)
            raise OutboundRefused(_("addresses of this server's own or private networks are not allowed"))
    return addresses[0]


def _checked_connection(host: str, port: int, timeout: float, source_address: object = None) -> socket.socket:
    address = resolve_checked(host, port)
    return socket.create_connection((address, port), timeout)


class _CheckedHTTPConnection(http.client.HTTPConnection):
    def connect(self) -> None:
        self.sock = _checked_connection(self.host, self.port, self.timeout)


class _CheckedHTTPSConnection(http.client.HTTPSConnection):
    def connect(self) -> None:
        # TLS is verified against the host name, while the socket goes to the address that was checked.
        sock = _checked_connection(self.host, self.port, self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


class _HTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_CheckedHTTPConnection, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_CheckedHTTPSConnection, req, context=ssl.create_default_context())


class _RedirectHandler(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        url_check(newurl)  # scheme and literal host; the connection checks the resolved address
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener() -> urllib.request.OpenerDirector:
    """Only http(s), checked: no file://, ftp:// or data: handlers at all."""
    opener = urllib.request.OpenerDirector()
    for handler in (_HTTPHandler(), _HTTPSHandler(), _RedirectHandler(), urllib.request.HTTPDefaultErrorHandler(),
                    urllib.request.HTTPErrorProcessor()):  # fmt: skip
        opener.add_handler(handler)
    return opener


def post(url: str, body: bytes, headers: dict[str, str], *, timeout: float) -> bytes:
    """POST to a checked URL; the answer's first 10 kB. Raises ``OutboundRefused`` before connecting
    anywhere not allowed, and urllib's errors otherwise (``HTTPError`` for an HTTP status)."""
    url_check(url)
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 (checked)
    with _opener().open(request, timeout=timeout) as response:
        return response.read(10_000)


def smtp_host_check(host: str, port: int) -> None:
    """Check an SMTP host just before connecting (Django's backend resolves it again itself)."""
    resolve_checked(host, port)


def failure_text(error: BaseException) -> str:
    """What a user may see of a failed connection: the kind of failure, not the network's details."""
    log.info("outbound failure: %r", error)
    if isinstance(error, OutboundRefused | OutboundUnreachable):
        return str(error)
    if isinstance(error, urllib.error.URLError) and isinstance(error.reason, OutboundRefused | OutboundUnreachable):
        return str(error.reason)
    if isinstance(error, TimeoutError) or "timed out" in str(error):
        return str(_("the receiver did not answer in time"))
    if isinstance(error, ssl.SSLError) or (
        isinstance(error, urllib.error.URLError) and isinstance(error.reason, ssl.SSLError)
    ):
        return str(_("the secure connection (TLS) could not be set up"))
    return str(_("could not connect to the receiver"))


def checked_socket(host: str, port: int, timeout: float) -> socket.socket:
    """A TCP connection to ``host`` for protocols other than HTTP (IMAP), made to the address checked."""
    return _checked_connection(host, port, timeout)
