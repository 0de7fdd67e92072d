"""Passwords: hashed with Argon2, older hashes still accepted, changed by their owner, reset by email."""

import re

import pytest
from django.contrib.auth.hashers import make_password
from django.core import mail

from kohtaamo import settings as project_settings
from tests.factories import PASSWORD, login


@pytest.fixture
def real_hashers(settings):
    """The product's hashers (the suite swaps in a fast one elsewhere)."""
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS


def test_new_passwords_are_hashed_with_argon2(real_hashers, people):
    aino = people["aino"]
    aino.set_password("a-new-long-password")
    aino.save()
    aino.refresh_from_db()
    assert aino.password.startswith("argon2$argon2id$")
    assert aino.check_password("a-new-long-password") and not aino.check_password("wrong")


def test_an_older_pbkdf2_hash_still_logs_in_and_is_upgraded_to_argon2(real_hashers, client, people):
    aino = people["aino"]
    aino.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    aino.save(update_fields=["password"])
    response = client.post("/login/", {"username": "aino@voima.fi", "password": PASSWORD})
    assert response.status_code == 302
    aino.refresh_from_db()
    assert aino.password.startswith("argon2$")


def test_a_signed_in_user_changes_their_password(client, people):
    login(client, people["ville"])
    page = client.get("/account/password/")
    assert page.status_code == 200 and b"Change password" in page.content
    wrong_old = client.post(
        "/account/password/",
        {"old_password": "not-it", "new_password1": "fresh-horse-staple", "new_password2": "fresh-horse-staple"},
    )
    assert wrong_old.status_code == 200
    people["ville"].refresh_from_db()
    assert people["ville"].check_password(PASSWORD)
    response = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": "fresh-horse-staple", "new_password2": "fresh-horse-staple"},
    )
    assert response.status_code == 302 and response["Location"] == "/account/password/changed/"
    people["ville"].refresh_from_db()
    assert people["ville"].check_password("fresh-horse-staple")


def test_the_password_page_needs_a_signed_in_user(client, db):
    assert client.get("/account/password/")["Location"].startswith("/login/")


def test_a_password_is_reset_through_the_emailed_link(settings, client, people):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post("/account/reset/", {"email": "ville@voima.fi"})
    assert response.status_code == 302 and response["Location"] == "/account/reset/sent/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ville@voima.fi"]
    link = re.search(r"https?://[^/]+(/account/reset/[^\s]+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200 and b"Set a new password" in form.content
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": "fresh-horse-staple", "new_password2": "fresh-horse-staple"}
    )
    assert done.status_code == 302 and done["Location"] == "/account/reset/done/"
    people["ville"].refresh_from_db()
    assert people["ville"].check_password("fresh-horse-staple")
    # The link works once.
    assert b"expired or was already used" in client.get(link, follow=True).content


def test_a_reset_for_an_unknown_address_sends_nothing_and_looks_the_same(settings, client, people):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post("/account/reset/", {"email": "nobody@voima.fi"})
    assert response.status_code == 302 and response["Location"] == "/account/reset/sent/"
    assert mail.outbox == []


def test_the_reset_email_is_in_the_users_language(settings, client, people):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.post("/account/reset/", {"email": "ville@voima.fi"}, HTTP_ACCEPT_LANGUAGE="fi")
    assert mail.outbox[0].subject == "Kohtaamo: aseta uusi salasana"


def test_resetting_the_password_lifts_a_login_lock(settings, client, people):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "ville@voima.fi", "password": "guess"}, REMOTE_ADDR="10.1.0.1")
    client.post("/account/reset/", {"email": "ville@voima.fi"})
    link = re.search(r"https?://[^/]+(/account/reset/[^\s]+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    client.post(
        form.redirect_chain[-1][0], {"new_password1": "fresh-horse-staple", "new_password2": "fresh-horse-staple"}
    )
    response = client.post(
        "/login/", {"username": "ville@voima.fi", "password": "fresh-horse-staple"}, REMOTE_ADDR="10.1.0.2"
    )
    assert response.status_code == 302
