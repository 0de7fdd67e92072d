"""A day of Voima's fault line as Asterisk wrote it: a realistic ``queue_log`` imported through the
shipped ``asterisk-queue-log`` profile, so the demo shows a PBX's calls beside the other channels.

The file is what a real Asterisk writes (docs.asterisk.org, "Queue Logs"): the queue starting, agents
logging in and pausing, and per call ENTERQUEUE, agents' phones ringing unanswered (RINGNOANSWER, in
milliseconds), CONNECT, then COMPLETECALLER / COMPLETEAGENT / BLINDTRANSFER, or ABANDON and
EXITWITHTIMEOUT for callers who gave up. It is read by the same code `kohtaamo import interactions FILE
--profile asterisk-queue-log` runs (``timeline.ingest.mapped``), then the one ingestion path.
"""

import random
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

from kohtaamo.lib.importmap import shipped_profile
from kohtaamo.timeline.ingest import interactions_ingest
from kohtaamo.timeline.ingest.mapped import mapped_records

from .context import DemoContext
from .rhythm import HELSINKI

WORKSPACE, QUEUE, TEAM = "voima", "viat", "vikapalvelu"
CALLS_A_DAY = 160  # at scale 1: a quiet day on the fault line, outside the storm
OPENS, CLOSES = time(8, 0), time(18, 0)
PATIENCE = 300  # the queue's timeout: a caller still waiting after five minutes is sent to voicemail


def queue_log_day(rng: random.Random, day: date, *, calls: int, agents: list[str], callers: list[str]) -> list[str]:
    """The queue_log lines of ``calls`` calls on ``day`` (Helsinki business hours), in time order."""
    opened = datetime.combine(day, OPENS, tzinfo=HELSINKI).timestamp()
    length = datetime.combine(day, CLOSES, tzinfo=HELSINKI).timestamp() - opened
    lines = [(opened - 600, f"NONE|{QUEUE}|NONE|QUEUESTART|")]
    for agent in agents:
        lines.append((opened - rng.uniform(60, 500), f"NONE|{QUEUE}|{agent}|ADDMEMBER|"))
        if rng.random() < 0.5:  # a lunch break
            lunch = opened + rng.uniform(3.5, 5) * 3600
            lines += [(lunch, f"NONE|{QUEUE}|{agent}|PAUSE|lounas"), (lunch + 1800, f"NONE|{QUEUE}|{agent}|UNPAUSE|")]
    for n in range(calls):
        # Busier in the morning: two draws of the day, the earlier one kept more often.
        at = opened + min(rng.uniform(0, length), rng.uniform(0, length) * 1.3)
        lines += _call(rng, at, f"{int(at)}.{n + 1}", rng.choice(agents), rng.choice(callers))
    return [f"{int(moment)}|{line}" for moment, line in sorted(lines, key=lambda pair: pair[0])]


def _call(rng: random.Random, at: float, callid: str, agent: str, caller: str) -> list[tuple[float, str]]:
    head = f"{callid}|{QUEUE}"
    events = [(at, f"{head}|NONE|ENTERQUEUE||{caller}|1")]
    wait = min(rng.expovariate(1 / 45), PATIENCE + 30)
    gives_up = rng.expovariate(1 / 240)  # how long this caller would wait
    if gives_up < wait or wait > PATIENCE:
        if gives_up < min(wait, PATIENCE):
            events.append((at + gives_up, f"{head}|NONE|ABANDON|1|1|{int(gives_up)}"))
        else:
            events.append((at + PATIENCE, f"{head}|NONE|EXITWITHTIMEOUT|1|1|{PATIENCE}"))
        return events
    if wait > 20 and rng.random() < 0.4:  # the first agent offered let it ring
        events.append((at + wait - 15, f"{head}|{agent}|RINGNOANSWER|15000"))
    ring = rng.randint(2, 9)
    events.append((at + wait, f"{head}|{agent}|CONNECT|{int(wait)}|{callid}|{ring}"))
    talk = max(20.0, rng.lognormvariate(5.4, 0.55))
    ended, closing = at + wait + talk, rng.random()
    if closing < 0.08:
        events.append((ended, f"{head}|{agent}|BLINDTRANSFER|2400|asentajat|{int(wait)}|{int(talk)}|1"))
    else:
        kind = "COMPLETECALLER" if closing < 0.6 else "COMPLETEAGENT"
        events.append((ended, f"{head}|{agent}|{kind}|{int(wait)}|{int(talk)}|1"))
    return events


def queue_log_step(ctx: DemoContext) -> None:
    """Yesterday's fault-line calls from Voima's Asterisk, written as its queue_log and imported."""
    world = ctx.clients.get(WORKSPACE)
    if world is None or world.workspace is None:
        return
    agents = [a.key for a in world.agents if a.team == TEAM] or [a.key for a in world.agents]
    # Asterisk's caller id is the number as the network gave it: national (040…) or international (+358…).
    callers = [c.phone if i % 3 else "0" + c.phone.removeprefix("+358")
               for i, c in enumerate(world.customers) if c.phone and c.phone.startswith("+358")]  # fmt: skip
    if not agents or not callers:
        return
    lines = queue_log_day(ctx.rng("queue_log"), ctx.today - timedelta(days=1), calls=ctx.scaled(CALLS_A_DAY),
                          agents=agents, callers=callers)  # fmt: skip
    profile = shipped_profile("asterisk-queue-log")
    assert profile is not None  # shipped with the package
    with tempfile.TemporaryDirectory(prefix="kohtaamo-demo-") as folder:
        path = Path(folder) / "queue_log"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        source = profile.constant("source") or "asterisk"
        records = mapped_records(workspace=world.workspace, path=path, profile=profile, default_source=source)
        interactions_ingest(workspace=world.workspace, records=records, default_source=source)
