"""Behind a reverse proxy: which forwarded headers waitress may believe, and from whom.

Waitress drops every X-Forwarded-* header unless told which proxy sends them. Without this, a proxy that
ends TLS makes every request look like plain HTTP (KOHTAAMO_HTTPS=1 then redirects for ever) and every
client look like the proxy (one login lock for everybody). ``KOHTAAMO_TRUSTED_PROXY`` is the proxy's
address (e.g. 127.0.0.1, or ``*`` when only the proxy can reach the port); waitress then takes the scheme
from X-Forwarded-Proto and the client address from X-Forwarded-For, and only from that address.
"""

import os


def waitress_proxy_options() -> dict[str, object]:
    proxy = os.getenv("KOHTAAMO_TRUSTED_PROXY", "").strip()
    if not proxy:
        return {}
    return {
        "trusted_proxy": proxy,
        "trusted_proxy_count": 1,
        "trusted_proxy_headers": {"x-forwarded-proto", "x-forwarded-for"},
        "clear_untrusted_proxy_headers": True,
    }
