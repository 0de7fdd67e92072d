"""Login throttling: guessing passwords locks the account and the address; an admin lifts the lock."""

import pytest
from django.conf import settings

from kohtaamo.cli import main
from tests.factories import PASSWORD

LIMIT = settings.AXES_FAILURE_LIMIT


def post_login(client, username, password, address="10.0.0.1"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_it_refuses_the_right_password_after_many_wrong_ones(client, people):
    for _ in range(LIMIT * 10):
        post_login(client, "aino@voima.fi", "wrong-guess")
    response = post_login(client, "aino@voima.fi", PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)
    assert client.get("/w/voima/settings/").status_code == 302  # still sent to the login page


def test_it_locks_the_account_whichever_address_the_guesses_come_from(client, people):
    for n in range(LIMIT):
        post_login(client, "aino@voima.fi", "wrong-guess", address=f"10.0.1.{n}")
    response = post_login(client, "aino@voima.fi", PASSWORD, address="10.0.2.1")
    assert response.status_code == 429 and not signed_in(client)


def test_it_locks_an_address_that_guesses_on_many_accounts(client, people):
    for n in range(LIMIT):
        post_login(client, f"nobody{n}@voima.fi", "wrong-guess", address="10.0.3.1")
    assert post_login(client, "cecilia@voima.fi", PASSWORD, address="10.0.3.1").status_code == 429
    assert not signed_in(client)
    # Cecilia herself, from her own address, is not locked out by someone else's guessing.
    assert post_login(client, "cecilia@voima.fi", PASSWORD, address="10.0.4.1").status_code == 302
    assert signed_in(client)


def test_changing_the_case_of_the_email_does_not_reset_the_count(client, people):
    for n in range(LIMIT):
        post_login(client, "AINO@voima.fi" if n % 2 else "Aino@Voima.FI", "wrong-guess", address=f"10.0.5.{n}")
    assert post_login(client, "aino@voima.fi", PASSWORD, address="10.0.6.1").status_code == 429


def test_a_few_mistakes_do_not_lock_and_a_success_clears_them(client, people):
    for _ in range(LIMIT - 1):
        assert post_login(client, "aino@voima.fi", "typo").status_code == 200
    assert post_login(client, "aino@voima.fi", PASSWORD).status_code == 302
    client.post("/logout/")
    for _ in range(LIMIT - 1):
        post_login(client, "aino@voima.fi", "typo")
    assert post_login(client, "aino@voima.fi", PASSWORD).status_code == 302


def test_the_locked_page_says_what_happened_in_the_users_language(client, people):
    for _ in range(LIMIT):
        post_login(client, "aino@voima.fi", "wrong-guess")
    english = post_login(client, "aino@voima.fi", PASSWORD).content.decode()
    assert f"Logging in is locked after {LIMIT} failed attempts." in english
    assert "ask an administrator to unlock your account" in english
    finnish = client.post(
        "/login/",
        {"username": "aino@voima.fi", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_ACCEPT_LANGUAGE="fi",
    ).content.decode()
    assert "Kirjautuminen on lukittu" in finnish


def test_the_admin_login_is_the_throttled_login(client, people):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"] == "/login/?next=/admin/"


def test_an_admin_unlocks_an_account_from_the_command_line(client, people, capsys):
    for _ in range(LIMIT):
        post_login(client, "aino@voima.fi", "wrong-guess")
    assert post_login(client, "aino@voima.fi", PASSWORD).status_code == 429
    assert main(["user", "unlock", "Aino@voima.fi"]) == 0
    assert "Unlocked aino@voima.fi" in capsys.readouterr().out
    assert post_login(client, "aino@voima.fi", PASSWORD).status_code == 302 and signed_in(client)


def test_an_admin_unlocks_an_address_from_the_command_line(client, people, capsys):
    for n in range(LIMIT):
        post_login(client, f"nobody{n}@voima.fi", "wrong-guess", address="10.0.7.1")
    assert main(["user", "unlock", "--address", "10.0.7.1"]) == 0
    assert post_login(client, "cecilia@voima.fi", PASSWORD, address="10.0.7.1").status_code == 302


@pytest.mark.django_db
def test_unlocking_without_naming_anything_is_a_clear_error(capsys):
    assert main(["user", "unlock"]) == 2
    assert "name the account" in capsys.readouterr().err
