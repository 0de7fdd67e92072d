"""The IMAP connector: its settings, and one poll of its folders."""

import imaplib
import ssl
from collections.abc import Callable

from django.conf import settings

from kohtaamo.outbound import OutboundRefused, OutboundUnreachable, failure_text, host_check

from ..kinds import ConnectorInvalid, ConnectorKind, PollReport
from ..models import Connector
from ..services.health import connector_failed
from ..services.mail import emails_record, folder_state_set
from .client import Mailbox, connect, folder_open, messages_fetch, uids_after
from .mail import email_parse
from .watch import mailbox_watch, watch_start

SECURITY = ("tls", "starttls", "none")
DEFAULT_PORTS = {"tls": 993, "starttls": 143, "none": 143}


class Imap(ConnectorKind):
    kind = "imap"
    setting_fields = ("host", "port", "security", "username", "folders", "address")
    secret_fields = ("password",)
    required = ("host", "username", "password")
    polled = True

    def check(self, settings: dict, secrets: dict) -> None:
        super().check(settings, secrets)
        security = settings.setdefault("security", "tls")
        if security not in SECURITY:
            raise ConnectorInvalid(f"security must be one of {', '.join(SECURITY)}")
        port = settings.setdefault("port", DEFAULT_PORTS[security])
        if not str(port).isdigit() or not 1 <= int(port) <= 65535:
            raise ConnectorInvalid("port must be 1–65535")
        settings["port"] = int(port)
        folders = settings.setdefault("folders", ["INBOX"])
        if isinstance(folders, str):
            settings["folders"] = [f.strip() for f in folders.split(",") if f.strip()] or ["INBOX"]
        try:
            host_check(str(settings["host"]))
        except OutboundRefused as refused:
            raise ConnectorInvalid(f"host: {refused}") from None

    def summary(self, connector: Connector) -> str:
        s = connector.settings
        return f"{s.get('username')} @ {s.get('host')}:{s.get('port')} ({s.get('security')})"

    def watch(
        self, connector: Connector, *, wake: Callable[[], bool], keep: Callable[[], bool],
        context: ssl.SSLContext | None = None,
    ) -> bool:  # fmt: skip
        """Wait in IDLE on the first folder in a thread of this process (one per mailbox; none when
        ``KOHTAAMO_MAILBOX_IDLE_SECONDS`` is 0 or the server lacks IDLE)."""
        seconds = settings.KOHTAAMO_MAILBOX_IDLE_SECONDS
        if not seconds:
            return False
        mailbox, folder = _mailbox(connector), (connector.settings.get("folders") or ["INBOX"])[0]
        return watch_start(connector.pk, lambda: mailbox_watch(mailbox, folder, seconds=seconds, wake=wake,
                                                               keep=keep, context=context))  # fmt: skip

    def poll(self, connector: Connector, *, context: ssl.SSLContext | None = None) -> PollReport:
        """Import every message above each folder's last UID; the position is saved after every chunk."""
        s = connector.settings
        mailbox = _mailbox(connector)
        own = str(s.get("address") or s["username"]).lower()
        totals = [0, 0, 0, 0]
        error = ""
        try:
            client = connect(mailbox, context=context)
        except (OSError, imaplib.IMAP4.error, OutboundRefused, OutboundUnreachable) as failure:
            connector_failed(connector=connector, error=_failure(failure))
            return PollReport(error=_failure(failure))
        try:
            for folder in s.get("folders") or ["INBOX"]:
                validity = folder_open(client, folder)
                state = connector.state.get("folders", {}).get(folder, {})
                last = int(state.get("last_uid", 0)) if state.get("uidvalidity") == validity else 0
                uids = uids_after(client, last)
                batch: list = []
                for uid, raw in messages_fetch(client, uids):
                    batch.append(email_parse(raw))
                    last = max(last, uid)
                    if len(batch) == 50:
                        _flush(connector, own, batch, totals)
                        folder_state_set(connector=connector, folder=folder, uidvalidity=validity, last_uid=last)
                _flush(connector, own, batch, totals)
                folder_state_set(connector=connector, folder=folder, uidvalidity=validity, last_uid=last)
        except (OSError, imaplib.IMAP4.error) as failure:
            error = _failure(failure)
            connector_failed(connector=connector, error=error)
        finally:
            client.shutdown()
        return PollReport(*totals, error=error)


def _mailbox(connector: Connector) -> Mailbox:
    s = connector.settings
    return Mailbox(str(s["host"]), int(s["port"]), str(s["security"]), str(s["username"]),
                   str(connector.secrets.get("password") or ""))  # fmt: skip


def _flush(connector: Connector, own: str, batch: list, totals: list[int]) -> None:
    if not batch:
        return
    report = emails_record(connector=connector, emails=batch, own_address=own)
    totals[0] += len(batch)
    totals[1] += report.created
    totals[2] += report.updated
    totals[3] += len(report.rejected)
    batch.clear()


def _failure(error: BaseException) -> str:
    if isinstance(error, imaplib.IMAP4.error):
        return "the mailbox refused: " + str(error)[:200]
    return failure_text(error)
