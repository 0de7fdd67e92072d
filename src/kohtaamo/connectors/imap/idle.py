"""IMAP IDLE (RFC 2177) on a signed-in connection: wait until the server announces new mail, or a timeout.

Python 3.13's imaplib has no IDLE, so the command is written on the connection's own socket: ``IDLE``,
the server's ``+`` continuation, then untagged answers until ``* n EXISTS`` (or ``RECENT``) or the time is
up, then ``DONE`` and the tagged ``OK``. Waiting is a ``select`` on the socket (with TLS, the bytes
already decrypted count too), so a timeout never leaves the buffered reader half-read.
"""

import imaplib
import re
import select
import ssl
import time

NEW_MAIL = re.compile(rb"^\* \d+ (EXISTS|RECENT)\b", re.IGNORECASE)
# RFC 2177: a client re-issues IDLE at least every 29 minutes, or the server may log it out.
LONGEST = 29 * 60


def idle_supported(client: imaplib.IMAP4) -> bool:
    """Whether the signed-in server says IDLE in CAPABILITY (asked again: logging in may change it)."""
    status, data = client.capability()
    words = (data[0] or b"").upper().split() if status == "OK" and data else []
    return b"IDLE" in words


def idle_wait(client: imaplib.IMAP4, seconds: float) -> bool:
    """Wait in IDLE up to ``seconds``; True when the server announced new mail in the selected folder."""
    tag = client._new_tag()  # type: ignore[attr-defined]  # imaplib's own tag counter keeps tags unique
    client.send(tag + b" IDLE\r\n")
    first = client.readline()
    if not first.startswith(b"+"):
        raise imaplib.IMAP4.error(f"IDLE refused: {first[:200]!r}")
    new_mail = False
    deadline = time.monotonic() + min(seconds, LONGEST)
    while not new_mail and (left := deadline - time.monotonic()) > 0:
        if not _readable(client, left):
            break
        line = client.readline()
        if not line:
            raise imaplib.IMAP4.abort("the server closed the connection while idling")
        new_mail = bool(NEW_MAIL.match(line))
    client.send(b"DONE\r\n")
    while not (line := client.readline()).startswith(tag):
        if not line:
            raise imaplib.IMAP4.abort("the server closed the connection ending IDLE")
        new_mail = new_mail or bool(NEW_MAIL.match(line))
    return new_mail


def _readable(client: imaplib.IMAP4, seconds: float) -> bool:
    sock = client.sock  # type: ignore[attr-defined]
    if isinstance(sock, ssl.SSLSocket) and sock.pending():
        return True
    readable, _, _ = select.select([sock], [], [], seconds)
    return bool(readable)
