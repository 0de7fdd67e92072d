"""API tokens: read-only scope, expiry, revocation, last use; on the command line and the settings page."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from kohtaamo.cli import main
from kohtaamo.workspaces.access import CAPABILITIES, INTEGRATION, READ_ONLY_CAPABILITIES, Actor
from kohtaamo.workspaces.models import ApiToken
from kohtaamo.workspaces.services import api_token_create
from tests.factories import login, record


def bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def post_interactions(client, secret):
    return client.post(
        "/api/v1/interactions", json.dumps([record()]), content_type="application/json", **bearer(secret)
    )


@pytest.mark.django_db
@pytest.mark.parametrize("capability", sorted(CAPABILITIES))
def test_a_read_only_token_keeps_only_the_reading_capabilities(voima, capability):
    full, _ = api_token_create(workspace=voima, name="full")
    read, _ = api_token_create(workspace=voima, name="read", read_only=True)
    integration_may = INTEGRATION in CAPABILITIES[capability]
    assert Actor.integration(full).can(capability) == integration_may
    assert Actor.integration(read).can(capability) == (integration_may and capability in READ_ONLY_CAPABILITIES)


def test_every_read_only_capability_is_one_integrations_have():
    assert all(INTEGRATION in CAPABILITIES[c] for c in READ_ONLY_CAPABILITIES)


def test_a_read_only_token_reads_but_gets_403_on_writes(client, voima):
    _, secret = api_token_create(workspace=voima, name="bi", read_only=True)
    assert client.get("/api/v1/customers", **bearer(secret)).status_code == 200
    response = post_interactions(client, secret)
    assert response.status_code == 403 and "read-only" in response.json()["detail"]
    _, full = api_token_create(workspace=voima, name="crm")
    assert post_interactions(client, full).status_code == 200


def test_an_expired_token_opens_nothing(client, voima):
    token, secret = api_token_create(workspace=voima, name="old", expires_at=timezone.now() + timedelta(days=1))
    assert client.get("/api/v1/customers", **bearer(secret)).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get("/api/v1/customers", **bearer(secret)).status_code == 401


def test_a_token_cannot_be_made_already_expired(voima):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        api_token_create(workspace=voima, name="x", expires_at=timezone.now() - timedelta(days=1))


def test_the_last_use_is_recorded(client, voima):
    token, secret = api_token_create(workspace=voima, name="crm")
    assert token.last_used_at is None
    client.get("/api/v1/customers", **bearer(secret))
    token.refresh_from_db()
    assert token.last_used_at is not None and timezone.now() - token.last_used_at < timedelta(minutes=1)


def test_tokens_are_listed_and_revoked_on_the_command_line(client, voima, capsys):
    assert (
        main(["token", "create", "--workspace", "voima", "--name", "bi", "--read-only", "--expires-in-days", "30"]) == 0
    )
    secret = capsys.readouterr().out.strip()
    client.get("/api/v1/customers", **bearer(secret))
    assert main(["token", "list", "--workspace", "voima"]) == 0
    listing = capsys.readouterr().out
    row = next(line for line in listing.splitlines() if "\tbi\t" in line).split("\t")
    assert row[1] == secret[:10] + "…" and row[3] == "read_only" and row[4] == "active"
    assert row[5] != "-" and row[6] != "-"  # expiry and last use are shown
    assert main(["token", "revoke", secret[:10], "--workspace", "voima"]) == 0
    assert client.get("/api/v1/customers", **bearer(secret)).status_code == 401
    main(["token", "list", "--workspace", "voima"])
    assert "\trevoked\t" in capsys.readouterr().out


def test_revoking_an_unknown_or_other_workspaces_token_is_a_clear_error(linkki, voima, capsys):
    token, _ = api_token_create(workspace=linkki, name="theirs")
    assert main(["token", "revoke", str(token.pk), "--workspace", "voima"]) == 2
    assert "no single token" in capsys.readouterr().err
    token.refresh_from_db()
    assert token.revoked_at is None
    assert main(["token", "create", "--workspace", "voima", "--expires-in-days", "0"]) == 2


def test_an_admin_creates_and_revokes_tokens_on_the_settings_page(client, people, voima):
    login(client, people["aino"])
    page = client.post(
        "/w/voima/settings/",
        {"action": "token_create", "name": "wallboard", "read_only": "on", "expires_in_days": "90"},
    )
    assert page.status_code == 200
    token = ApiToken.objects.get(name="wallboard")
    assert token.read_only and token.expires_at is not None and token.created_by == people["aino"]
    secret = page.content.decode().split('<code id="new-token">')[1].split("<")[0]
    assert ApiToken.digest_of(secret) == token.digest
    # Shown once: the next visit shows only the start of it.
    again = client.get("/w/voima/settings/").content.decode()
    assert secret not in again and token.prefix in again and "Read only" in again
    response = client.post("/w/voima/settings/", {"action": "token_revoke", "token": str(token.pk)})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.prefix not in client.get("/w/voima/settings/").content.decode()


def test_the_settings_page_cannot_revoke_another_workspaces_token(client, people, linkki):
    theirs, _ = api_token_create(workspace=linkki, name="theirs")
    login(client, people["aino"])
    assert client.post("/w/voima/settings/", {"action": "token_revoke", "token": str(theirs.pk)}).status_code == 404
    assert client.post("/w/voima/settings/", {"action": "token_revoke", "token": "x"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_only_admins_manage_tokens(client, people):
    login(client, people["cecilia"])
    assert client.post("/w/voima/settings/", {"action": "token_create", "name": "x"}).status_code == 403
    assert not ApiToken.objects.exists()


def test_a_bad_expiry_on_the_page_names_the_field(client, people):
    login(client, people["aino"])
    response = client.post("/w/voima/settings/", {"action": "token_create", "name": "x", "expires_in_days": "-3"})
    assert response.status_code == 400 and not ApiToken.objects.exists()
