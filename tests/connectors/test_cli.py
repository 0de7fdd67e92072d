"""`kohtaamo connector`: adding prints the path Meta needs; list, remove and poll."""

import pytest

from kohtaamo.cli import main
from kohtaamo.connectors.models import Connector
from kohtaamo.connectors.whatsapp.notifications import SentMessage, notification_build, signed
from kohtaamo.timeline.models import Interaction

from .test_imap import _mail
from .test_whatsapp_webhook import MORNING


@pytest.fixture
def run(capsys):
    def run(*argv):
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_add_whatsapp_prints_a_webhook_path_that_takes_signed_messages(run, client, voima):
    code, out, _ = run("connector", "add", "whatsapp", "--workspace", "voima", "--app-secret", "s3cret",
                       "--verify-token", "tok")  # fmt: skip
    assert code == 0
    path = out.strip().splitlines()[-1]
    assert path.startswith("/hooks/") and path.endswith("/")
    query = {"hub.mode": "subscribe", "hub.verify_token": "tok", "hub.challenge": "42"}
    assert client.get(path, query).content == b"42"
    body, signature = signed(notification_build([SentMessage("358401234567", "Matti", "wamid.1", MORNING, "Hei")]),
                             "s3cret")  # fmt: skip
    response = client.post(path, data=body, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=signature)
    assert response.status_code == 200
    assert Interaction.objects.of(voima).count() == 1


def test_the_secrets_are_stored_encrypted(run, voima):
    from django.db import connection

    run("connector", "add", "whatsapp", "--workspace", "voima", "--app-secret", "s3cret", "--verify-token", "tok")
    with connection.cursor() as cursor:
        cursor.execute("SELECT secrets FROM connectors_connector")
        (stored,) = cursor.fetchone()
    assert stored.startswith("fernet:") and "s3cret" not in stored
    assert Connector.objects.of(voima).get().secrets == {"app_secret": "s3cret", "verify_token": "tok"}


def test_a_second_connector_of_the_same_name_is_a_clear_error(run, voima):
    args = ("connector", "add", "whatsapp", "--workspace", "voima", "--app-secret", "s", "--verify-token", "t")
    assert run(*args)[0] == 0
    code, _, err = run(*args)
    assert code == 2 and "exists already" in err


def test_list_and_remove(run, voima):
    run("connector", "add", "chatwoot", "--workspace", "voima", "--name", "Chat")
    code, out, _ = run("connector", "list", "--workspace", "voima")
    assert code == 0 and "voima\tchatwoot\tChat\t/hooks/" in out and "ok" in out
    assert run("connector", "remove", "Chat", "--workspace", "voima")[0] == 0
    assert not Connector.objects.of(voima).exists()
    code, _, err = run("connector", "remove", "Chat", "--workspace", "voima")
    assert code == 2 and "no connector named 'Chat'" in err


def test_add_imap_and_poll_now(run, settings, voima, dovecot, monkeypatch):
    from .dovecot import PASSWORD, USER

    settings.KOHTAAMO_OUTBOUND_ALLOW = ["127.0.0.1"]
    dovecot.append(_mail("<cli-1@example.fi>"))
    monkeypatch.setenv("KOHTAAMO_CONNECTOR_PASSWORD", PASSWORD)
    code, out, _ = run("connector", "add", "imap", "--workspace", "voima", "--host", "127.0.0.1", "--port",
                       str(dovecot.port), "--security", "none", "--username", USER)  # fmt: skip
    assert code == 0 and out.strip().splitlines()[-1] == f"{USER} @ 127.0.0.1:{dovecot.port} (none)"
    code, out, _ = run("connector", "poll", "--workspace", "voima")
    assert code == 0 and "1 fetched, 1 new" in out
    assert Interaction.objects.of(voima).get().channel == "email"


def test_add_imap_without_a_password_says_how_to_give_it(run, voima, monkeypatch):
    monkeypatch.delenv("KOHTAAMO_CONNECTOR_PASSWORD", raising=False)
    code, _, err = run("connector", "add", "imap", "--workspace", "voima", "--host", "imap.example.fi",
                       "--username", "u")  # fmt: skip
    assert code == 2 and "KOHTAAMO_CONNECTOR_PASSWORD" in err
