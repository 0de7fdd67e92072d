"""Two-factor login (TOTP): enrolment, the code asked at login, and workspaces that require it of admins."""

import time

from django.conf import settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from kohtaamo.workspaces.services import totp_device_confirm, totp_device_start, workspace_security_set
from tests.factories import PASSWORD, login


def code_for(device: TOTPDevice, offset_steps: int = 0) -> str:
    """The code an authenticator app would show now (or ``offset_steps`` periods away)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset_steps * device.step
    return f"{totp.token():06d}"


def wrong_code(device: TOTPDevice) -> str:
    right = {code_for(device, n) for n in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in right)


def enrolled(user) -> TOTPDevice:
    device = totp_device_start(user=user)
    assert totp_device_confirm(device=device, token=code_for(device))
    device.refresh_from_db()
    device.last_t = -1  # let the test use the current code again
    device.save()
    return device


def password_step(client, user, address="10.2.0.1"):
    return client.post("/login/", {"username": user.username, "password": PASSWORD}, REMOTE_ADDR=address)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_a_user_enrols_by_scanning_and_confirming_a_code(client, people):
    login(client, people["ville"])
    page = client.get("/account/two-factor/")
    assert page.status_code == 200
    assert b"<svg" in page.content and b'id="totp-secret"' in page.content
    device = TOTPDevice.objects.get(user=people["ville"], confirmed=False)
    # The same secret until confirmed: reloading the page does not change the QR code.
    client.get("/account/two-factor/")
    assert TOTPDevice.objects.filter(user=people["ville"]).count() == 1
    wrong = client.post("/account/two-factor/", {"action": "confirm", "code": wrong_code(device)})
    assert wrong.status_code == 400 and not TOTPDevice.objects.filter(confirmed=True).exists()
    device.refresh_from_db()
    device.throttling_failure_count = 0  # the failed try above slows the next one down
    device.save()
    right = client.post("/account/two-factor/", {"action": "confirm", "code": code_for(device)})
    assert right.status_code == 302
    assert TOTPDevice.objects.get(user=people["ville"]).confirmed


def test_once_enrolled_the_password_alone_does_not_log_in(client, people):
    enrolled(people["ville"])
    response = password_step(client, people["ville"])
    assert response.status_code == 302 and response["Location"] == "/login/code/"
    assert not signed_in(client)
    assert client.get("/w/voima/customers/").status_code == 302


def test_a_valid_code_completes_the_login(client, people):
    device = enrolled(people["ville"])
    password_step(client, people["ville"])
    response = client.post("/login/code/", {"code": code_for(device)}, REMOTE_ADDR="10.2.0.1")
    assert response.status_code == 302 and signed_in(client)
    assert client.get("/w/voima/customers/").status_code == 200


def test_an_invalid_code_does_not_log_in(client, people):
    device = enrolled(people["ville"])
    password_step(client, people["ville"])
    response = client.post("/login/code/", {"code": wrong_code(device)}, REMOTE_ADDR="10.2.0.1")
    assert response.status_code == 400 and not signed_in(client)
    assert b"That code did not match" in response.content
    assert client.post("/login/code/", {"code": "not digits"}, REMOTE_ADDR="10.2.0.1").status_code == 400
    assert not signed_in(client)


def test_the_code_step_cannot_be_reached_without_the_password(client, people):
    enrolled(people["ville"])
    assert client.post("/login/code/", {"code": "123456"})["Location"] == "/login/"


def test_guessing_codes_locks_the_login_like_guessing_passwords(client, people):
    device = enrolled(people["ville"])
    password_step(client, people["ville"])
    for _ in range(settings.AXES_FAILURE_LIMIT):
        last = client.post("/login/code/", {"code": wrong_code(device)}, REMOTE_ADDR="10.2.0.1")
    assert last.status_code == 429
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.save()
    # Even the right code, and the right password again, are refused while locked.
    assert client.post("/login/code/", {"code": code_for(device)}, REMOTE_ADDR="10.2.0.1").status_code == 429
    assert password_step(client, people["ville"], address="10.2.0.9").status_code == 429
    assert not signed_in(client)


def test_a_workspace_can_require_admins_to_enrol(client, people, voima):
    workspace_security_set(workspace=voima, require_admin_two_factor=True)
    login(client, people["aino"])
    response = client.get("/w/voima/customers/")
    assert response.status_code == 302 and response["Location"].startswith("/account/two-factor/?next=")
    # Other roles, and the admin's other workspaces, are not affected.
    login(client, people["cecilia"])
    assert client.get("/w/voima/customers/").status_code == 200
    login(client, people["outi"])
    assert client.get("/w/linkki/customers/").status_code == 200


def test_an_admin_who_enrols_may_continue_into_the_workspace(client, people, voima):
    workspace_security_set(workspace=voima, require_admin_two_factor=True)
    login(client, people["aino"])
    client.get("/account/two-factor/?next=/w/voima/customers/")
    device = TOTPDevice.objects.get(user=people["aino"])
    response = client.post(
        "/account/two-factor/", {"action": "confirm", "code": code_for(device), "next": "/w/voima/customers/"}
    )
    assert response["Location"] == "/w/voima/customers/"
    assert client.get("/w/voima/customers/").status_code == 200


def test_an_admin_sets_the_requirement_on_the_settings_page(client, people, voima):
    login(client, people["aino"])
    response = client.post("/w/voima/settings/", {"action": "security", "require_admin_two_factor": "on"})
    assert response.status_code == 302
    voima.refresh_from_db()
    assert voima.require_admin_two_factor
    # Cecilia (CX manager) may not change it.
    login(client, people["cecilia"])
    assert client.post("/w/voima/settings/", {"action": "security"}).status_code == 403
