"""Reading new messages from an IMAP folder with Python's imaplib, through the outbound guard.

The host must pass ``kohtaamo.outbound`` (no loopback or private network unless the operator allows it
in ``KOHTAAMO_OUTBOUND_ALLOW``), and the connection is made to the address that was checked. Messages
are fetched with ``BODY.PEEK[]`` (nothing is marked as read) by UID, after the folder's last UID seen.
"""

import imaplib
import re
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass

from kohtaamo.outbound import checked_socket

TIMEOUT = 30
CHUNK = 50
UIDVALIDITY = re.compile(rb"UIDVALIDITY (\d+)")


@dataclass(frozen=True)
class Mailbox:
    host: str
    port: int
    security: str  # "tls" (IMAPS), "starttls" or "none" (a trusted internal relay only)
    username: str
    password: str


class _CheckedIMAP(imaplib.IMAP4):
    """IMAP4 whose socket goes to the checked address; with ``tls`` it is wrapped at once (IMAPS)."""

    def __init__(self, mailbox: Mailbox, context: ssl.SSLContext) -> None:
        self._mailbox = mailbox
        self._context = context
        super().__init__(mailbox.host, mailbox.port, timeout=TIMEOUT)

    def _create_socket(self, timeout: float | None = None) -> socket.socket:
        sock = checked_socket(self._mailbox.host, self._mailbox.port, timeout or TIMEOUT)
        if self._mailbox.security == "tls":
            return self._context.wrap_socket(sock, server_hostname=self._mailbox.host)
        return sock


def connect(mailbox: Mailbox, *, context: ssl.SSLContext | None = None) -> imaplib.IMAP4:
    """A signed-in connection; STARTTLS before the password is sent when the mailbox asks for it."""
    context = context or ssl.create_default_context()
    client = _CheckedIMAP(mailbox, context)
    try:
        if mailbox.security == "starttls":
            client.starttls(ssl_context=context)
        client.login(mailbox.username, mailbox.password)
    except BaseException:
        client.shutdown()
        raise
    return client


def folder_open(client: imaplib.IMAP4, folder: str) -> int:
    """Select ``folder`` read-only; its UIDVALIDITY (a change means every UID is new)."""
    status, _ = client.select(_quoted(folder), readonly=True)
    if status != "OK":
        raise imaplib.IMAP4.error(f"cannot open folder {folder!r}")
    _, data = client.response("UIDVALIDITY")
    return int(data[0]) if data and data[0] else 0


def uids_after(client: imaplib.IMAP4, last_uid: int) -> list[int]:
    """UIDs above ``last_uid``, ascending (``UID SEARCH`` answers the highest one even when none is new)."""
    _, data = client.uid("SEARCH", f"UID {last_uid + 1}:*")
    return sorted(uid for uid in (int(u) for u in (data[0] or b"").split()) if uid > last_uid)


def messages_fetch(client: imaplib.IMAP4, uids: list[int]) -> Iterator[tuple[int, bytes]]:
    """(UID, raw message) for each UID, fetched a chunk at a time."""
    for start in range(0, len(uids), CHUNK):
        chunk = uids[start : start + CHUNK]
        _, data = client.uid("FETCH", ",".join(map(str, chunk)), "(UID BODY.PEEK[])")
        for item in data:
            if isinstance(item, tuple) and (found := re.search(rb"UID (\d+)", item[0])):
                yield int(found.group(1)), item[1]


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'
