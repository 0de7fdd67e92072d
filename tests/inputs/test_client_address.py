"""One client address behind proxies: the login throttle, the rate limits and the audit trail agree on it.

With ``KOHTAAMO_PROXY_HEADER`` set, each of them uses the trusted proxy's entry; without it, a header the
client writes changes nothing (no dodging the address lock, no forged "from where" in the audit trail).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings

from kohtaamo.inputs.address import client_address
from kohtaamo.privacy.models import AuditEvent
from tests.factories import PASSWORD, ingest, login, record

PROXY = "10.9.9.9"  # the reverse proxy: every connection comes from it
LIMIT = django_settings.AXES_FAILURE_LIMIT


@pytest.fixture
def behind_proxy(settings):
    settings.KOHTAAMO_PROXY_HEADER = "X-Forwarded-For"
    settings.KOHTAAMO_PROXY_COUNT = 1


@pytest.fixture
def no_proxy(settings):
    settings.KOHTAAMO_PROXY_HEADER = ""


def forwarded(client_says: str) -> dict:
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": client_says}


def wrong_login(client, username: str, client_says: str):
    return client.post("/login/", {"username": username, "password": "wrong-guess"}, **forwarded(client_says))


@pytest.mark.parametrize(
    ("header", "count", "expected"),
    [
        ("203.0.113.9", 1, "203.0.113.9"),
        ("6.6.6.6, 203.0.113.9", 1, "203.0.113.9"),  # the client's own entry (left) is not believed
        ("6.6.6.6, 203.0.113.9, 10.0.0.5", 2, "203.0.113.9"),  # two proxies: the second from the right
        ("203.0.113.9", 2, PROXY),  # fewer hops than proxies: not through them, the connection counts
        ("203.0.113.9:51234", 1, "203.0.113.9"),  # a port some proxies append
        ("[2001:db8::7]:443", 1, "2001:db8::7"),
        ("unknown", 1, PROXY),  # not an address: never stored in an IP column
        ("", 1, PROXY),  # came straight to the server, past the proxy
    ],
)
def test_the_trusted_hop_is_read_from_the_right(rf, behind_proxy, settings, header, count, expected):
    settings.KOHTAAMO_PROXY_COUNT = count
    assert client_address(rf.get("/", **forwarded(header))) == expected


def test_without_the_setting_the_header_is_ignored(rf, no_proxy):
    assert client_address(rf.get("/", **forwarded("203.0.113.9"))) == PROXY
    assert client_address(None) is None  # commands and tasks have no address


def test_the_audit_trail_records_the_forwarded_address_behind_the_proxy(client, voima, people, behind_proxy):
    ingest(voima, record(external_id="c1"))
    customer = voima.customers.get()
    login(client, people["ville"])
    client.get(f"/w/voima/customers/{customer.pk}/", **forwarded("6.6.6.6, 203.0.113.9"))
    event = AuditEvent.objects.get(action="customer.view")
    assert event.client_address == "203.0.113.9"


def test_a_forged_header_does_not_change_where_the_audit_trail_says(client, voima, people, no_proxy):
    ingest(voima, record(external_id="c1"))
    customer = voima.customers.get()
    login(client, people["ville"])
    client.get(f"/w/voima/customers/{customer.pk}/", **forwarded("203.0.113.9"))
    assert AuditEvent.objects.get(action="customer.view").client_address == PROXY


def test_the_login_throttle_counts_the_forwarded_address_behind_the_proxy(client, people, behind_proxy):
    for n in range(LIMIT):
        wrong_login(client, f"nobody{n}@voima.fi", "203.0.113.9")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
    right = {"username": "cecilia@voima.fi", "password": PASSWORD}
    # The guessing address is locked; another client behind the same proxy is not.
    assert client.post("/login/", right, **forwarded("203.0.113.9")).status_code == 429
    assert client.post("/login/", right, **forwarded("198.51.100.20")).status_code == 302


def test_without_the_setting_a_client_cannot_dodge_the_address_lock_with_the_header(client, people, no_proxy):
    for n in range(LIMIT):
        wrong_login(client, f"nobody{n}@voima.fi", f"203.0.113.{n}")  # a new forged address every time
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {PROXY}
    right = {"username": "cecilia@voima.fi", "password": PASSWORD}
    assert client.post("/login/", right, **forwarded("198.51.100.20")).status_code == 429


def test_the_rate_limits_use_the_same_address(client, db, behind_proxy, monkeypatch):
    from kohtaamo.feedback.views import public

    monkeypatch.setattr(public, "RATE_PER_IP", 2)
    statuses = [client.get(f"/s/token-{n}/", **forwarded(f"6.6.6.{n}, 203.0.113.9")).status_code for n in range(3)]
    assert statuses == [404, 404, 429]  # forged left entries do not give a new budget
    assert client.get("/s/token-x/", **forwarded("198.51.100.20")).status_code == 404


def test_the_login_throttles_older_setting_name_is_still_read():
    env = {k: v for k, v in os.environ.items() if k != "KOHTAAMO_PROXY_HEADER"}
    env["KOHTAAMO_TRUSTED_PROXY_HEADER"] = "X-Real-IP"
    code = "from kohtaamo import settings; print(settings.KOHTAAMO_PROXY_HEADER)"
    src = str(Path(__file__).resolve().parents[2] / "src")
    env["PYTHONPATH"] = src
    found = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)  # noqa: S603
    assert found.stdout.strip() == "X-Real-IP"
