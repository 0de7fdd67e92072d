"""Login throttling: how django-axes knows the account, and how an admin lifts a lock.

Attempts live in the database (Axes' database handler), so a lock holds across every web process. The
address Axes counts is ``kohtaamo.inputs.address.client_address`` (``AXES_CLIENT_IP_CALLABLE``), the same one
the rate limits and the audit trail record.
"""

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
