"""Waiting for new mail in IDLE beside the worker's tasks, so a message arrives in seconds, not minutes.

The worker runs one task at a time; a task that sat in IDLE would hold up every drain and reminder
behind it. So each IMAP mailbox gets one background thread in the worker's process, started by its
poll task: the thread holds its own connection in IDLE on the mailbox's first folder and, when the
server announces new mail, only *wakes* the poll chain (books the next poll for now). The poll itself,
with all its writes, stays a task. IDLE is re-issued after ``seconds`` (and the thread asks whether
the mailbox is still wanted); a server whose CAPABILITY lacks IDLE, or any failure, ends the thread
and the chain's regular polls go on; the next poll starts a new thread.
"""

import imaplib
import logging
import ssl
import threading
from collections.abc import Callable

from kohtaamo.outbound import OutboundRefused, OutboundUnreachable

from .client import Mailbox, connect, folder_open
from .idle import idle_supported, idle_wait

log = logging.getLogger(__name__)
UNSUPPORTED, STOPPED = "unsupported", "stopped"
_threads: dict[int, threading.Thread] = {}
_lock = threading.Lock()


def mailbox_watch(
    mailbox: Mailbox, folder: str, *, seconds: float, wake: Callable[[], bool], keep: Callable[[], bool],
    context: ssl.SSLContext | None = None,
) -> str:  # fmt: skip
    """Wait in IDLE on ``folder`` until stopped: ``wake()`` at each announcement of new mail, ``keep()``
    after each quiet ``seconds``; either returning False stops. Returns why it stopped (``unsupported``,
    ``stopped``, or the failure)."""
    try:
        client = connect(mailbox, context=context)
    except (OSError, imaplib.IMAP4.error, OutboundRefused, OutboundUnreachable) as failure:
        return str(failure)[:200]
    try:
        if not idle_supported(client):
            return UNSUPPORTED
        folder_open(client, folder)
        while wake() if idle_wait(client, seconds) else keep():
            pass
        return STOPPED
    except (OSError, imaplib.IMAP4.error) as failure:
        return str(failure)[:200]
    finally:
        client.shutdown()


def watch_start(key: int, target: Callable[[], object]) -> bool:
    """Run ``target`` (a mailbox's watch) in a daemon thread, unless this process runs one for ``key``."""
    with _lock:
        running = _threads.get(key)
        if running is not None and running.is_alive():
            return False
        thread = threading.Thread(target=_logged(key, target), name=f"imap-idle-{key}", daemon=True)
        _threads[key] = thread
        thread.start()
    return True


def _logged(key: int, target: Callable[[], object]) -> Callable[[], None]:
    def run() -> None:
        try:
            log.info("mailbox %s: IDLE ended (%s); polling goes on", key, target())
        except Exception:  # a thread's exception would only reach stderr; the poll chain goes on regardless
            log.exception("mailbox %s: IDLE failed; polling goes on", key)

    return run
