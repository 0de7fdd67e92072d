"""Demo data of the notify app: the storm warning and the outage it brought, replayed with their messages.

The storm week is on the demo context (``ctx.storm``). Everything is sent through the real outbox with
channels in "log" mode (nothing leaves the machine) and a simulated clock, so the messages carry the
times they would have had: the SMS rate staggers the first wave over about an hour, which is what the
deflection report's natural control compares. It runs before the storm's outage contacts are ingested
(``kohtaamo.demo.outage``): who still calls depends on when they were told.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from kohtaamo.demo.names import AREAS
from kohtaamo.notify.models import ChannelConfig
from kohtaamo.notify.services.channels import channel_config_set
from kohtaamo.notify.services.incidents import incident_receive
from kohtaamo.notify.services.outbox import SimulatedClock, deliveries_drain, next_due

if TYPE_CHECKING:
    from kohtaamo.demo.context import DemoContext

WORKSPACE = "voima"
# The demo's SMS contract allows 12 messages a minute; email goes faster.
RATES = {"email": 2.0, "sms": 0.2}


PREPARE = {
    "fi": "Myrsky saapuu huomenna iltapäivällä. Lataa puhelimesi ja pidä taskulamppu esillä.",
    "sv": "Stormen når oss i morgon eftermiddag. Ladda telefonen och ha en ficklampa till hands.",
    "en": "The storm arrives tomorrow afternoon. Charge your phone and keep a torch at hand.",
}


def demo_step(ctx: DemoContext) -> None:
    """A storm warning the day before, then the outage: declared, re-estimated twice, monitored, all clear."""
    if ctx.storm is None or WORKSPACE not in ctx.clients:
        return
    workspace = ctx.clients[WORKSPACE].workspace
    tz = workspace.tz
    configs = [
        channel_config_set(
            workspace=workspace,
            channel=channel,
            mode=ChannelConfig.Mode.LOG,
            rate_per_second=rate,
            quiet_hours=channel == "sms",
        )  # fmt: skip
        for channel, rate in RATES.items()
    ]
    postal_codes = sorted({code for area in AREAS if area.city in ctx.storm.areas for code in area.postal_codes})
    start: date = ctx.storm.start

    def at(day: int, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(start + timedelta(days=day), datetime.min.time(), tzinfo=tz).replace(
            hour=hour, minute=minute
        )

    warning = f"MYRSKY-{start:%Y%m%d}"
    outage = f"KATKO-{start:%Y%m%d}"
    events = [
        (at(-1, 15), {"external_id": warning, "kind": "warning", "severity": "major", "postal_codes": postal_codes,
                      "title": {"fi": f"{ctx.storm.name}: varaudu sähkökatkoihin",
                                "sv": f"{ctx.storm.name}: förbered dig på elavbrott",
                                "en": f"{ctx.storm.name}: be prepared for power cuts"},
                      "message": PREPARE}),
        (at(0, 14, 20), {"external_id": warning, "status": "resolved",
                         "note": {"fi": "Myrsky on nyt alueella. Katkoista tiedotamme erikseen.",
                                  "sv": "Stormen är nu här. Vi meddelar separat om avbrott.",
                                  "en": "The storm has arrived. We will tell you about power cuts separately."}}),
        (at(0, 14, 30), {"external_id": outage, "kind": "outage", "severity": "critical", "status": "investigating",
                         "postal_codes": postal_codes, "eta": at(0, 20).isoformat(),
                         "title": {"fi": "Sähkökatko myrskyn vuoksi", "sv": "Elavbrott på grund av stormen",
                                   "en": "Power cut caused by the storm"},
                         "message": {"fi": "Kaatuneet puut ovat katkaisseet linjoja alueellasi.",
                                     "sv": "Fallna träd har brutit ledningar i ditt område.",
                                     "en": "Fallen trees have cut lines in your area."}}),
        (at(0, 16, 40), {"external_id": outage, "status": "repairing", "eta": at(0, 22).isoformat()}),
        (at(0, 21, 40), {"external_id": outage, "eta": at(1, 6).isoformat()}),
        (at(1, 7, 10), {"external_id": outage, "eta": at(1, 7, 40).isoformat()}),
        (at(1, 11), {"external_id": outage, "status": "monitoring"}),
        (at(1, 16), {"external_id": outage, "status": "resolved"}),
    ]  # fmt: skip
    clock = SimulatedClock(events[0][0])
    for moment, payload in events:
        _work_until(configs, clock, moment)
        clock.moment = moment
        incident_receive(workspace=workspace, payload=payload, source="demo", now=moment)
    _work_until(configs, clock, events[-1][0] + timedelta(days=1))


def _work_until(configs: list[ChannelConfig], clock: SimulatedClock, until: datetime) -> None:
    """Run the outbox as the workers would have, up to ``until``: each channel sends at its own rate from
    the current moment (in parallel, as separate workers would), then time moves to the next due message."""
    while True:
        for config in configs:
            deliveries_drain(config=config, clock=SimulatedClock(clock.now()))
        due = [d for config in configs if (d := next_due(config=config, now=clock.now())) is not None]
        if not due or min(due) >= until:
            return
        clock.moment = max(clock.moment, min(due))
