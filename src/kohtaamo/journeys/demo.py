"""Demo data of the journeys app: personas, touchpoints, journey maps (the outage journey among them),
an insight, and actions at every stage of the loop, two of them measured before and after.

One action worked: the demo plants its effect (from the day it was done, billing calls wait 45 % less,
as a callback offer would do), so its follow-up has something real to find. Another was done on the
same data with no planted effect, so its follow-up honestly finds no change.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model

from kohtaamo.timeline.models import Interaction

from .follow_up import day_start
from .models import Action, Insight, JourneyMap
from .quarters import quarter_bounds, quarter_of
from .services import (
    action_create,
    action_evaluate,
    action_set_status,
    insight_create,
    journey_save,
    persona_save,
    stage_cell_toggle,
    touchpoint_save,
)

PERSONAS = (
    ("Seniori, puhelin ensin", "attributes.age_band = 65+\npreferred_channel = phone"),
    ("Yritysasiakas", "attributes.segment = business"),
    ("Diginatiivi", "attributes.age_band in 18–29, 30–44\npreferred_channel in chat, whatsapp, social, web"),
    ("Usein yhteydessä", "contacts_90d >= 4"),
)
# name, channel, purpose, kind, contact reasons
TOUCHPOINTS = (
    ("Verkkosivut ja OmaVoima", "web", "Itsepalvelu: sopimukset, lukemat, laskut", "digital", []),
    ("Chat", "chat", "Nopeat kysymykset", "digital", []),
    ("Asiakaspalvelun puhelin", "phone", "Laskutus, sopimukset, muutot", "digital", []),
    ("Vikapalvelun puhelin", "phone", "Sähkökatkot ja viat", "digital", ["sähkökatko"]),
    ("Sähköposti", "email", "Kirjalliset asiat", "digital", []),
    ("WhatsApp", "whatsapp", "Viestit", "digital", []),
    ("Tekstiviesti-ilmoitukset", "sms", "Katko- ja palautusilmoitukset", "digital", []),
    ("Palvelupiste", "in_person", "Käynti paikan päällä", "physical", []),
    ("Lasku", "", "Paperi- ja e-lasku", "physical", []),
    ("Mainonta", "", "Kampanjat ja ulkomainonta", "physical", []),
    ("Myrskyvaroitus", "", "Ilmatieteen laitoksen varoitus, jaettu somessa", "digital", []),
)
JOURNEYS = (
    ("Sähkökatko", ["sähkökatko"], ["Varoitus", "Katko", "Ilmoitus", "Palautus"], {
        "Varoitus": ["Myrskyvaroitus", "Verkkosivut ja OmaVoima"],
        "Katko": ["Vikapalvelun puhelin", "Verkkosivut ja OmaVoima", "Chat"],
        "Ilmoitus": ["Tekstiviesti-ilmoitukset", "WhatsApp"],
        "Palautus": ["Tekstiviesti-ilmoitukset", "Sähköposti"],
    }),
    ("Muutto", ["muutto"], ["Muuttoilmoitus", "Uusi sopimus", "Ensimmäinen lasku", "Asettuminen"], {
        "Muuttoilmoitus": ["Verkkosivut ja OmaVoima", "Asiakaspalvelun puhelin", "Chat"],
        "Uusi sopimus": ["Verkkosivut ja OmaVoima", "Sähköposti"],
        "Ensimmäinen lasku": ["Lasku", "Asiakaspalvelun puhelin"],
        "Asettuminen": ["Mainonta"],
    }),
    ("Laskutus", ["laskutus", "maksuaika"], ["Lasku saapuu", "Kysymys", "Maksuaika", "Ratkaisu"], {
        "Lasku saapuu": ["Lasku"],
        "Kysymys": ["Asiakaspalvelun puhelin", "Chat", "Sähköposti"],
        "Maksuaika": ["Verkkosivut ja OmaVoima", "Asiakaspalvelun puhelin"],
        "Ratkaisu": ["Sähköposti", "Tekstiviesti-ilmoitukset"],
    }),
)  # fmt: skip
CALLBACK_EFFECT = 0.55  # billing calls wait this share of what they used to once callbacks are offered

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from kohtaamo.demo.context import DemoContext
    from kohtaamo.workspaces.models import Workspace


def demo_step(ctx: DemoContext) -> None:
    """Build the improvement loop for Voima Sähkö (the electricity company)."""
    world = ctx.clients.get("voima")
    if world is None:
        return
    workspace = world.workspace
    users = {user.email: user for user in get_user_model().objects.filter(memberships__workspace=workspace)}
    cx = users.get("cx@kohtaamo.demo")
    lead = users.get("lead@kohtaamo.demo")
    personas = {
        name: persona_save(workspace=workspace, name=name, rules=rules) for name, rules in PERSONAS
    }  # fmt: skip
    touchpoints = {
        name: touchpoint_save(workspace=workspace, name=name, channel=channel, purpose=purpose, kind=kind,
                              contact_reasons=reasons, owner=cx if kind == "digital" else lead)
        for name, channel, purpose, kind, reasons in TOUCHPOINTS
    }  # fmt: skip
    journeys = {}
    for name, reasons, stages, cells in JOURNEYS:
        persona = personas["Seniori, puhelin ensin"] if name == "Sähkökatko" else None
        journey = journey_save(
            workspace=workspace, name=name, owner=cx, persona=persona, contact_reasons=reasons, stages=stages,
            targets=[{"metric": "repeat_rate", "target": 10.0}], description="",
        )  # fmt: skip
        for stage in journey.stages.all():
            for touchpoint in cells.get(stage.name, []):
                stage_cell_toggle(stage=stage, touchpoint=touchpoints[touchpoint])
        journeys[name] = journey
    insight = insight_create(
        workspace=workspace, title="Laskutuspuhelut jonottavat ja palaavat",
        finding="Laskutus on suurin kipupiste: paljon toistuvia yhteydenottoja ja pitkiä jonoja puhelimessa.",
        evidence={"view": "pain", "dimension": "reason", "key": "laskutus", "days": 90},
        journeys=[journeys["Laskutus"]], touchpoints=[touchpoints["Asiakaspalvelun puhelin"]], created_by=cx,
    )  # fmt: skip
    _actions(ctx, workspace, cx, lead, insight, journeys)


def _actions(
    ctx: DemoContext, workspace: Workspace, cx: AbstractBaseUser | None, lead: AbstractBaseUser | None,
    insight: Insight, journeys: dict[str, JourneyMap],
) -> None:  # fmt: skip
    today: date = ctx.today
    billing = {"channel": "phone", "contact_reason": "laskutus"}
    callback_done = today - timedelta(days=80)
    _plant_callback_effect(workspace, callback_done)
    measured = (
        ("Takaisinsoitto laskutusjonoon", "Kun jonossa voi jättää soittopyynnön, odotus lyhenee.", "wait_seconds",
         billing, callback_done, 60.0),
        ("Selkeämpi ensimmäinen lasku", "Selkeä lasku vähentää toistuvia laskutuskysymyksiä.", "repeat_rate",
         {"contact_reason": "laskutus"}, today - timedelta(days=70), 8.0),
    )  # fmt: skip
    for title, hypothesis, metric, where, done, target in measured:
        action = action_create(
            workspace=workspace, created_by=cx, owner=cx, title=title, hypothesis=hypothesis, metric=metric,
            metric_filter=where, target_value=target, target_date=done + timedelta(days=42), impact=4,
            confidence=3, effort=2, insight=insight, journey=journeys["Laskutus"], today=done - timedelta(days=20),
        )  # fmt: skip
        action_set_status(action=action, status=Action.Status.DONE, today=done)
        action_evaluate(action=action)
    outage = action_create(
        workspace=workspace, created_by=cx, owner=lead, title="Katkoviestiin arvio palautusajasta",
        hypothesis="Kun tekstiviesti kertoo arvion, asiakkaat eivät soita uudelleen.", metric="repeat_rate",
        metric_filter={"contact_reason": "sähkökatko"}, target_value=10.0, impact=5, confidence=3, effort=3,
        journey=journeys["Sähkökatko"], target_date=today + timedelta(days=30),
    )  # fmt: skip
    action_set_status(action=outage, status=Action.Status.DONE, today=today - timedelta(days=12))
    year, quarter = quarter_of(today)
    next_start, _end = quarter_bounds(year + quarter // 4, quarter % 4 + 1)
    for title, status, target_date, scores in (
        ("Katkokartta verkkosivuille", Action.Status.PLANNED, next_start + timedelta(days=30), (5, 4, 3)),
        ("Mittarilukeman ilmoitus chatbotilla", Action.Status.IN_PROGRESS, today + timedelta(days=20), (3, 3, 2)),
        ("Seniorien palvelulinja", Action.Status.IDEA, None, (4, 2, 4)),
    ):
        action = action_create(
            workspace=workspace, created_by=cx, owner=cx, title=title, metric="repeat_rate", target_date=target_date,
            impact=scores[0], confidence=scores[1], effort=scores[2],
        )  # fmt: skip
        action_set_status(action=action, status=status)


def _plant_callback_effect(workspace: Workspace, done: date) -> None:
    """From ``done`` on, answered billing calls waited less (the demo's one action that truly worked)."""
    calls = list(
        Interaction.objects.of(workspace).filter(
            channel="phone", contact_reason="laskutus", started_at__gte=day_start(workspace, done),
            wait_seconds__isnull=False, answered_at__isnull=False, direction="inbound",
        ).only("pk", "wait_seconds", "answered_at", "ended_at")
    )  # fmt: skip
    for call in calls:
        shorter = round(call.wait_seconds * CALLBACK_EFFECT)
        shift = timedelta(seconds=call.wait_seconds - shorter)
        call.wait_seconds = shorter
        call.answered_at -= shift
        if call.ended_at:
            call.ended_at -= shift
    Interaction.objects.of(workspace).bulk_update(calls, ["wait_seconds", "answered_at", "ended_at"], batch_size=2000)
