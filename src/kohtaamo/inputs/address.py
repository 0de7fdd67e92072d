"""Where a request comes from: the one answer the login throttle, the rate limits and the audit trail share.

Behind a reverse proxy every connection comes from the proxy, so the client is read from the header the
proxy sets (``KOHTAAMO_PROXY_HEADER``, e.g. ``X-Forwarded-For``), counting ``KOHTAAMO_PROXY_COUNT``
trusted proxies from the right. Each proxy appends the address it saw, so the entries left of the trusted
ones are whatever the client wrote and are never believed. Without the setting the header is ignored:
with no proxy in front anybody could write it and change address on every request.

A value that is not an IP address (a port appended, ``unknown``, junk) is never returned: the audit trail
and the login throttle store the address in an IP column, which PostgreSQL would refuse.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _ip(value: str) -> str | None:
    """``value`` as a normalised IP address, with an appended port dropped; None when it is not one."""
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # 203.0.113.9:51234
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_address(request: HttpRequest | None) -> str | None:
    """The client's address: the trusted proxy's entry when a header is configured, else the connection's.

    None outside a request (commands, tasks) or when neither gives an IP address.
    """
    if request is None:
        return None
    header = getattr(settings, "KOHTAAMO_PROXY_HEADER", "").strip()
    if header:
        hops = [hop.strip() for hop in request.headers.get(header, "").split(",") if hop.strip()]
        count = max(1, int(getattr(settings, "KOHTAAMO_PROXY_COUNT", 1)))
        if len(hops) >= count and (forwarded := _ip(hops[-count])):
            return forwarded
    return _ip(request.META.get("REMOTE_ADDR") or "")
