"""IMAP IDLE against a real Dovecot on loopback: new mail wakes the poll chain within seconds, a quiet IDLE
ends at its timeout, a server without IDLE leaves the mailbox to its polls; and the Sent folder's replies
are the same case's outbound contacts."""

import threading
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kohtaamo.connectors.imap import kind as imap_kind
from kohtaamo.connectors.imap.watch import STOPPED, UNSUPPORTED, mailbox_watch, watch_start
from kohtaamo.connectors.tasks import mailbox_poll, mailbox_wake, mailbox_wanted
from kohtaamo.timeline.models import Interaction

from .dovecot import USER
from .test_imap import _mail, _mailbox, _poll


@pytest.fixture(autouse=True)
def loopback_allowed(settings):
    settings.KOHTAAMO_OUTBOUND_ALLOW = ["127.0.0.1"]


def _watch_in_thread(server, connector, *, seconds, wake, keep=lambda: True):
    outcome = []
    mailbox = imap_kind._mailbox(connector)
    context = server.tls_context()
    thread = threading.Thread(target=lambda: outcome.append(
        mailbox_watch(mailbox, "INBOX", seconds=seconds, wake=wake, keep=keep, context=context)))  # fmt: skip
    thread.start()
    return thread, outcome


def test_new_mail_is_announced_in_idle_within_seconds(voima, dovecot):
    woken = threading.Event()
    thread, outcome = _watch_in_thread(dovecot, _mailbox(voima, dovecot), seconds=20,
                                       wake=lambda: woken.set() or False)  # fmt: skip
    time.sleep(0.5)  # the watch is in IDLE now
    started = time.monotonic()
    dovecot.append(_mail("<1@example.fi>"))
    assert woken.wait(10), "IDLE did not announce the new message"
    thread.join(10)
    assert outcome == [STOPPED] and time.monotonic() - started < 10


def test_a_quiet_idle_ends_at_its_timeout_and_asks_whether_to_go_on(voima, dovecot):
    asked = []
    thread, outcome = _watch_in_thread(dovecot, _mailbox(voima, dovecot), seconds=0.5,
                                       wake=lambda: pytest.fail("no mail came"),
                                       keep=lambda: asked.append(1) or len(asked) < 3)  # fmt: skip
    thread.join(10)
    assert outcome == [STOPPED] and len(asked) == 3


def test_without_idle_in_capability_the_watch_ends_and_polling_imports(voima, dovecot_without_idle):
    server = dovecot_without_idle
    connector = _mailbox(voima, server)
    thread, outcome = _watch_in_thread(server, connector, seconds=5, wake=lambda: pytest.fail("no IDLE here"))
    thread.join(10)
    assert outcome == [UNSUPPORTED]
    server.append(_mail("<1@example.fi>"))
    assert _poll(connector, server).created == 1


def test_a_failing_server_ends_the_watch_with_its_reason(voima, dovecot):
    connector = _mailbox(voima, dovecot, password="wrong")
    thread, outcome = _watch_in_thread(dovecot, connector, seconds=5, wake=lambda: True)
    thread.join(10)
    assert outcome and outcome[0] not in (STOPPED, UNSUPPORTED)


def test_one_watch_thread_per_mailbox_in_a_process():
    release = threading.Event()
    assert watch_start(987_654, release.wait) is True
    assert watch_start(987_654, release.wait) is False  # the first still waits
    release.set()
    time.sleep(0.2)
    assert watch_start(987_654, lambda: None) is True  # it ended: a new one may start


def test_waking_books_the_poll_now_and_the_booked_later_poll_is_superseded(voima, dovecot, settings):
    settings.KOHTAAMO_MAILBOX_IDLE_SECONDS = 0  # the task starts no thread in this test
    connector = _mailbox(voima, dovecot, security="none")  # the task trusts only the system's certificates
    dovecot.append(_mail("<1@example.fi>"))
    mailbox_poll.call(voima.pk, connector.pk, _booked(connector))
    connector.refresh_from_db()
    later = connector.state["next_poll"]
    assert Interaction.objects.of(voima).count() == 1 and later > timezone.now().isoformat()
    assert mailbox_wake(voima.pk, connector.pk) is True
    connector.refresh_from_db()
    assert connector.state["next_poll"] < later  # booked for now
    assert mailbox_poll.call(voima.pk, connector.pk, later) == {}  # the old booking ends its chain
    assert DBTaskResult.objects.filter(task_path="kohtaamo.connectors.tasks.mailbox_poll").exists()
    connector.enabled = False
    connector.save()
    assert mailbox_wake(voima.pk, connector.pk) is False and mailbox_wanted(voima.pk, connector.pk) is False


def test_the_poll_task_starts_the_idle_watch_of_an_imap_mailbox(voima, dovecot, settings, monkeypatch):
    started = []
    monkeypatch.setattr(imap_kind, "watch_start", lambda key, target: started.append(key) or True)
    connector = _mailbox(voima, dovecot)
    mailbox_poll.call(voima.pk, connector.pk, _booked(connector))
    settings.KOHTAAMO_MAILBOX_IDLE_SECONDS = 0
    mailbox_poll.call(voima.pk, connector.pk, _booked(connector))
    assert started == [connector.pk]


def test_replies_in_the_sent_folder_are_outbound_contacts_of_the_same_case(voima, dovecot):
    dovecot.append(_mail("<1@example.fi>"))
    dovecot.append(_mail("<2@voima.fi>", sender=f"Voima <{USER}>", to="Liisa <liisa@example.fi>",
                         subject="Re: Lasku", text="Korjasimme laskun", in_reply_to="<1@example.fi>",
                         references="<1@example.fi>"), folder="Sent")  # fmt: skip
    connector = _mailbox(voima, dovecot)
    connector.settings["folders"] = ["INBOX", "Sent"]
    connector.save()
    _poll(connector, dovecot)
    first, reply = Interaction.objects.of(voima).order_by("started_at", "pk")
    assert (first.direction, reply.direction) == ("inbound", "outbound")
    assert first.case_id == reply.case_id and first.customer_id == reply.customer_id
    assert "Korjasimme laskun" in reply.transcript[0]["text"]


def _booked(connector) -> str:
    from kohtaamo.connectors.services.polling import poll_booking

    return poll_booking(connector=connector, at=timezone.now() - timedelta(seconds=1))
