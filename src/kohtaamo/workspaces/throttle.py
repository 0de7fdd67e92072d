"""Login throttling: how django-axes knows the account and the address, and how an admin lifts a lock.

Attempts live in the database (Axes' database handler), so a lock holds across every web process.
"""

import os
from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuses a locked-out account or address; code that authenticates without a request is not throttled.

    Only a login form can be hammered from outside, and it always passes the request. Calls without one
    (``Client.login`` in tests, a command checking a password) come from the installation itself.
    """

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def login_username(request: HttpRequest, credentials: dict | None) -> str:
    """Usernames are email addresses stored in lower case: ``Aino@Voima.fi`` counts against ``aino@voima.fi``."""
    value = (credentials or {}).get("username")
    if value is None:
        value = request.POST.get("username", "")
    return str(value).strip().lower()


def client_address(request: HttpRequest) -> str | None:
    """The client's address: the connection's, or the last entry of the header a trusted proxy sets.

    ``KOHTAAMO_TRUSTED_PROXY_HEADER`` (e.g. ``X-Forwarded-For``) is read only when set, since without a
    proxy in front anybody could write the header and change address on every attempt.
    """
    header = os.getenv("KOHTAAMO_TRUSTED_PROXY_HEADER", "").strip()
    if header:
        forwarded = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
        entries = [entry.strip() for entry in forwarded.split(",") if entry.strip()]
        if entries:
            return entries[-1]
    return request.META.get("REMOTE_ADDR")
