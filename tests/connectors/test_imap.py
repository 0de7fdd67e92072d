"""An IMAP mailbox polled against a real Dovecot on loopback: threading, text, attachments, imported once."""

from email.message import EmailMessage

import pytest

from kohtaamo.connectors.registry import kind_of
from kohtaamo.connectors.services.connectors import connector_add
from kohtaamo.timeline.models import Case, Customer, Interaction

from .dovecot import PASSWORD, USER


@pytest.fixture(autouse=True)
def loopback_allowed(settings):
    """Dovecot listens on 127.0.0.1, which an operator must allow explicitly (KOHTAAMO_OUTBOUND_ALLOW)."""
    settings.KOHTAAMO_OUTBOUND_ALLOW = ["127.0.0.1"]


def _mailbox(workspace, server, security="starttls", password=PASSWORD):
    return connector_add(workspace=workspace, kind="imap", name="Asiakaspalvelu", options={
        "host": "127.0.0.1", "port": server.port, "security": security, "username": USER, "password": password,
        "address": USER})  # fmt: skip


def _mail(message_id, *, sender="Liisa Laine <liisa@example.fi>", to=USER, subject="Lasku", text="Laskussa on virhe",
          in_reply_to=None, references=None, html=None, attachment=None) -> bytes:  # fmt: skip
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = sender, to, subject
    mail["Message-ID"] = message_id
    mail["Date"] = "Mon, 02 Mar 2026 10:00:00 +0200"
    if in_reply_to:
        mail["In-Reply-To"] = in_reply_to
    if references:
        mail["References"] = references
    if html:
        mail.set_content(html, subtype="html")
    else:
        mail.set_content(text)
    if attachment:
        mail.add_attachment(attachment, maintype="application", subtype="pdf", filename="lasku.pdf")
    return bytes(mail)


def _poll(connector, server):
    connector.refresh_from_db()
    return kind_of("imap").poll(connector, context=server.tls_context())


def test_a_message_becomes_an_email_interaction_of_its_sender(voima, dovecot):
    dovecot.append(_mail("<1@example.fi>", attachment=b"%PDF-1.4 " + b"x" * 991))
    connector = _mailbox(voima, dovecot)
    report = _poll(connector, dovecot)
    assert (report.fetched, report.created, report.error) == (1, 1, "")
    interaction = Interaction.objects.of(voima).get()
    assert interaction.channel == "email" and interaction.direction == "inbound"
    assert interaction.transcript[0]["text"] == "Lasku\n\nLaskussa on virhe"
    assert interaction.attributes["attachments"] == [{"name": "lasku.pdf", "size": 1000}]
    assert Customer.objects.of(voima).get().name == "Liisa Laine"


def test_replies_and_answers_are_threaded_into_one_case(voima, dovecot):
    dovecot.append(_mail("<1@example.fi>"))
    dovecot.append(_mail("<2@voima.fi>", sender=f"Voima <{USER}>", to="liisa@example.fi", subject="Re: Lasku",
                         text="Korjasimme laskun", in_reply_to="<1@example.fi>"))  # fmt: skip
    # Only In-Reply-To to the reply, no References: still the same thread.
    dovecot.append(_mail("<3@example.fi>", subject="Re: Re: Lasku", text="Kiitos", in_reply_to="<2@voima.fi>"))
    _poll(_mailbox(voima, dovecot), dovecot)
    interactions = list(Interaction.objects.of(voima).order_by("external_id"))
    assert [i.direction for i in interactions] == ["inbound", "outbound", "inbound"]
    assert len({i.case_id for i in interactions}) == 1
    assert Case.objects.of(voima).count() == 1
    assert len({i.customer_id for i in interactions}) == 1


def test_html_only_mail_is_kept_as_text_without_markup(voima, dovecot):
    html = "<html><head><style>p{}</style></head><body><p>Hei,</p><script>alert(1)</script><p>katko &amp; lasku</p>"
    dovecot.append(_mail("<1@example.fi>", html=html))
    _poll(_mailbox(voima, dovecot), dovecot)
    text = Interaction.objects.of(voima).get().transcript[0]["text"]
    assert text == "Lasku\n\nHei,\nkatko & lasku"


def test_a_message_is_imported_once_across_polls_and_a_changed_uidvalidity(voima, dovecot):
    dovecot.append(_mail("<1@example.fi>"))
    connector = _mailbox(voima, dovecot)
    assert _poll(connector, dovecot).fetched == 1
    assert _poll(connector, dovecot).fetched == 0
    dovecot.append(_mail("<2@example.fi>", subject="Toinen asia"))
    assert _poll(connector, dovecot).fetched == 1
    # The server renumbered the folder: everything is read again, nothing is stored twice.
    connector.refresh_from_db()
    connector.state["folders"]["INBOX"]["uidvalidity"] = 1
    connector.save()
    report = _poll(connector, dovecot)
    assert (report.fetched, report.created) == (2, 0)
    assert Interaction.objects.of(voima).count() == 2


def test_a_wrong_password_is_the_connectors_error_not_a_crash(voima, dovecot):
    connector = _mailbox(voima, dovecot, password="wrong")
    report = _poll(connector, dovecot)
    assert report.fetched == 0 and "refused" in report.error
    connector.refresh_from_db()
    assert connector.last_error.startswith("the mailbox refused")


def test_plain_imap_works_for_an_allowed_internal_relay(voima, dovecot):
    dovecot.append(_mail("<1@example.fi>"))
    assert _poll(_mailbox(voima, dovecot, security="none"), dovecot).created == 1


def test_a_private_address_is_refused_unless_the_operator_allows_it(settings, voima, dovecot):
    from kohtaamo.connectors.kinds import ConnectorInvalid

    settings.KOHTAAMO_OUTBOUND_ALLOW = []
    with pytest.raises(ConnectorInvalid, match="host"):
        _mailbox(voima, dovecot)
