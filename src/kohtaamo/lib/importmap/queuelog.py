"""Asterisk's queue_log: many event lines per call → one row per call, which a profile then maps.

A line is ``epoch|callid|queue|agent|event|data1|data2|…`` (docs.asterisk.org, "Queue Logs"). The events
of one call id and what their data fields mean there:

- ``ENTERQUEUE(url|callerid)``: the caller joined the queue;
- ``CONNECT(holdtime|bridgedchanneluniqueid|ringtime)``: an agent answered after ``holdtime`` seconds;
- ``COMPLETECALLER`` / ``COMPLETEAGENT(holdtime|calltime|origposition)``: the caller or the agent hung up;
- ``TRANSFER(extension|context|holdtime|calltime|origposition)``, and since Asterisk 12 ``BLINDTRANSFER``
  (the same fields) and ``ATTENDEDTRANSFER(method|method data|holdtime|calltime|origposition)``;
- ``ABANDON``, ``EXITEMPTY``, ``EXITWITHTIMEOUT(position|origposition|waittime)`` and
  ``EXITWITHKEY(key|position|origposition|waittime)``: the caller left without an agent;
- ``RINGNOANSWER(ringtime in ms)``, ``RINGCANCELED``: an agent's phone rang and was not answered.

A call is a function of the *set* of its event lines, not of their order or of which file they came in:
the lines are sorted by time (and by the order of a call's life within a second), so events split across
two files or imported twice come out as the same call. A call whose last event does not end it (the log
rotated mid-call) is a call in progress: no end, no outcome, until the rest of its lines arrive.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass

# Lines about agents and queues, not calls: read and passed over.
NOT_CALLS = frozenset({
    "QUEUESTART", "CONFIGRELOAD", "ADDMEMBER", "REMOVEMEMBER", "PAUSE", "PAUSEALL", "UNPAUSE", "UNPAUSEALL",
    "PAUSECUSTOM", "PENALTY", "AGENTLOGIN", "AGENTLOGOFF", "AGENTCALLBACKLOGIN", "AGENTCALLBACKLOGOFF",
})  # fmt: skip
NO_CALL_IDS = frozenset({"", "NONE", "REALTIME"})
# A call's events in the order of its life, for events in the same second.
LIFE_ORDER = {
    "DID": 0, "ENTERQUEUE": 1, "INFO": 2, "RINGNOANSWER": 3, "RINGCANCELED": 3, "CONNECT": 4,
    "COMPLETECALLER": 5, "COMPLETEAGENT": 5, "TRANSFER": 5, "BLINDTRANSFER": 5, "ATTENDEDTRANSFER": 5,
    "ABANDON": 5, "EXITEMPTY": 5, "EXITWITHTIMEOUT": 5, "EXITWITHKEY": 5, "AGENTDUMP": 5, "SYSCOMPAT": 5,
}  # fmt: skip
TALKED = frozenset({"COMPLETECALLER", "COMPLETEAGENT", "TRANSFER", "BLINDTRANSFER", "ATTENDEDTRANSFER"})
LEFT = frozenset({"ABANDON", "EXITEMPTY", "EXITWITHTIMEOUT", "EXITWITHKEY"})
ENDING = TALKED | LEFT | {"AGENTDUMP", "SYSCOMPAT"}
EVENTS = frozenset(LIFE_ORDER) | NOT_CALLS


class LineInvalid(ValueError):
    """A line that is not a queue_log line; ``column`` names the part that is wrong."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(f"{column}: {message}")
        self.column = column
        self.message = message


@dataclass(frozen=True, order=True)
class QueueEvent:
    epoch: float
    order: int
    line: str  # the line as read: the identity of the event when lines are merged
    callid: str
    queue: str
    agent: str
    event: str
    data: tuple[str, ...]

    def number(self, index: int) -> float | None:
        """The ``index``-th data field (1-based, as Asterisk's docs count) as seconds, if it is a number."""
        if index > len(self.data):
            return None
        try:
            value = float(self.data[index - 1])
        except ValueError:
            return None
        return value if math.isfinite(value) and value >= 0 else None


def parse_line(text: str) -> QueueEvent | None:
    """One line as an event of a call; None for a line about agents or queues; raises :class:`LineInvalid`."""
    line = text.strip()
    parts = line.split("|")
    if len(parts) < 5:
        raise LineInvalid("line", "is not a queue_log line (epoch|callid|queue|agent|event|data…)")
    epoch_text, callid, queue, agent, event, *data = (p.strip() for p in parts)
    try:
        epoch = float(epoch_text)
    except ValueError:
        raise LineInvalid("epoch", f"is not a Unix time: {epoch_text[:40]!r}") from None
    if not math.isfinite(epoch) or not 0 < epoch < 32503680000:
        raise LineInvalid("epoch", f"is not a Unix time between 1970 and 3000: {epoch_text[:40]!r}")
    if event not in EVENTS:
        raise LineInvalid("event", f"{event[:40]!r} is not a queue_log event (docs/integrations.md lists them)")
    if event in NOT_CALLS or callid in NO_CALL_IDS:
        return None
    if len(callid) > 150:
        raise LineInvalid("callid", "is longer than 150 characters")
    return QueueEvent(epoch, LIFE_ORDER[event], line, callid, queue, _member(agent), event, tuple(data))


def _member(agent: str) -> str:
    return "" if agent.upper() == "NONE" else agent


def call_row(events: Iterable[QueueEvent]) -> dict[str, str]:
    """The columns a profile maps for one call (``callid``, ``entered``, ``wait``, ``last_event`` …).

    Times are Unix seconds and durations seconds, as text, like any other file's cells.
    """
    ordered = sorted(set(events))
    first, last = ordered[0], ordered[-1]
    entered = next((e for e in ordered if e.event == "ENTERQUEUE"), None)
    connect = next((e for e in ordered if e.event == "CONNECT"), None)
    finished = last if last.event in ENDING else None
    talk = (finished.number(4) if "TRANSFER" in finished.event else finished.number(2)) if finished else None
    if finished is not None and finished.event not in TALKED:
        talk = None
    answered = connect.epoch if connect else (finished.epoch - talk if finished and talk is not None else None)
    held = connect.number(1) if connect else (finished.number(1) if finished and finished.event in TALKED else None)
    if entered is not None:
        start = entered.epoch
    elif answered is not None and held is not None:
        start = answered - held
    elif finished is not None and _left_wait(finished) is not None:
        start = finished.epoch - (_left_wait(finished) or 0)
    else:
        start = first.epoch
    if answered is not None:
        wait = answered - start if entered is not None else held
    elif finished is not None:
        wait = finished.epoch - start if entered is not None else _left_wait(finished)
    else:
        wait = None
    served_by = connect or (finished if finished and finished.event in TALKED else None)
    joined = [e.queue for e in ordered if e.event == "ENTERQUEUE" and e.queue]
    transfer = finished.data[:2] if finished and finished.event in ("TRANSFER", "BLINDTRANSFER") else ()
    return {
        "callid": first.callid,
        "queue": served_by.queue if served_by else (joined[-1] if joined else last.queue),
        "queues": ",".join(dict.fromkeys(joined)),
        "agent": served_by.agent if served_by else "",
        "caller": entered.data[1] if entered and len(entered.data) > 1 else "",
        "entered": _text(start),
        "answered": _text(answered),
        "ended": _text(finished.epoch if finished else None),
        "wait": _text(max(wait, 0.0) if wait is not None else None),
        "talk": _text(talk),
        "last_event": last.event,
        "ring_no_answer": str(sum(e.event == "RINGNOANSWER" for e in ordered)),
        "transferred_to": "@".join(p for p in transfer if p),
    }


def _left_wait(event: QueueEvent) -> float | None:
    """How long a caller who left without an agent had waited (the data field depends on the event)."""
    if event.event == "EXITWITHKEY":
        return event.number(4)
    return event.number(3) if event.event in LEFT else None


def _text(number: float | None) -> str:
    if number is None:
        return ""
    return str(int(number)) if number == int(number) else f"{number:.3f}"
