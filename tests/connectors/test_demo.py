"""The demo's WhatsApp conversations came in through the connector's own code path, and its Asterisk
queue_log day through the shipped import profile."""

import random
from collections import Counter
from datetime import date, timedelta

from django.utils import timezone
from rich.progress import Progress

from kohtaamo.connectors.models import Connector, Conversation
from kohtaamo.demo import STEPS, DemoContext
from kohtaamo.demo.queue_log import CALLS_A_DAY, queue_log_day
from kohtaamo.demo.rhythm import HELSINKI
from kohtaamo.lib.importmap.queuelog import ENDING, parse_line
from kohtaamo.timeline.models import Interaction


def test_the_demo_has_a_whatsapp_connector_and_its_conversations(db):
    now = timezone.now()
    ctx = DemoContext(seed=7, today=now.astimezone(HELSINKI).date(), now=now, scale=0.02,
                      progress=Progress(disable=True))  # fmt: skip
    for step in STEPS:
        step(ctx)
    workspace = ctx.clients["voima"].workspace
    connector = Connector.objects.of(workspace).get(kind="whatsapp")
    conversations = Conversation.objects.of(workspace).filter(connector=connector)
    assert conversations.count() == 2
    chats = Interaction.objects.of(workspace).filter(source="whatsapp")
    assert chats.count() == 2
    finnish = chats.get(transcript__0__text__startswith="Hei!")
    assert len(finnish.transcript) == 3 and finnish.customer.name
    calls = Interaction.objects.of(workspace).filter(source="asterisk")
    day = ctx.today - timedelta(days=1)
    assert calls.count() == ctx.scaled(CALLS_A_DAY) and {c.channel for c in calls} == {"phone"}
    assert {c.started_at.astimezone(HELSINKI).date() for c in calls} == {day}
    assert {c.queue.key for c in calls} == {"viat"} and all(c.customer_id for c in calls)
    answered = [c for c in calls if c.outcome == "answered"]
    assert answered and all(c.agent_id and c.handle_seconds >= 20 for c in answered)
    assert all(c.agent_id is None and c.wait_seconds > 0 for c in calls if c.abandoned)


def test_a_queue_log_day_is_what_asterisk_writes_and_the_same_seed_writes_it_again():
    day = date(2026, 3, 2)
    lines = queue_log_day(random.Random(1), day, calls=300, agents=["ville", "aino"], callers=["0401234567"])
    assert lines == queue_log_day(random.Random(1), day, calls=300, agents=["ville", "aino"], callers=["0401234567"])
    events = [parse_line(line) for line in lines]
    calls = {e.callid for e in events if e}
    assert len(calls) == 300 and lines == sorted(lines, key=lambda line: int(line.split("|")[0]))
    ends = Counter(e.event for e in events if e and e.event in ENDING)
    assert sum(ends.values()) == 300 and ends["COMPLETECALLER"] > ends["ABANDON"] > 0 and ends["BLINDTRANSFER"] > 0
    # Agents' and the queue's own lines are queue_log lines too, passed over as no call's (None).
    assert {line.split("|")[4] for line, event in zip(lines, events, strict=True) if event is None} >= {
        "PAUSE",
        "ADDMEMBER",
    }
