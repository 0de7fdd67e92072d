"""The built-in SECRET_KEY is printed in the source: only the demo on this machine may run with it.

With a known key anybody can forge session cookies and password-reset links, so `kohtaamo serve` on any
other address, or outside demo mode, refuses to start until KOHTAAMO_SECRET_KEY is set.
"""

import ipaddress
import os

from django.conf import settings

from .errors import CliError


def is_loopback(host: str) -> bool:
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def refuse_known_secret_key(host: str, *, demo: bool) -> None:
    """Raise a one-line CliError (exit 2) when serving with the built-in key anywhere but the local demo."""
    if settings.SECRET_KEY != settings.BUILT_IN_SECRET_KEY:
        return
    demo = demo or os.getenv("KOHTAAMO_DEMO", "").strip().lower() in {"1", "true", "yes", "on"}
    if demo and is_loopback(host):
        return
    raise CliError(
        "the built-in SECRET_KEY is public: set KOHTAAMO_SECRET_KEY "
        "(only the demo on 127.0.0.1 may run without one: `kohtaamo demo`, or KOHTAAMO_DEMO=1)"
    )
