"""The demo's evidence for evaluators: transcripts on more of the contacts, a few calls with audio, and
evaluators' readings of the questions that carry an automatic check.

Sampling takes only interactions with something to evaluate, so the demo gives its contacts what a
contact centre has: the messages of written contacts and speech-analytics transcripts of part of the
calls (the generator gave only a few). A handful of the sampled calls get a short generated recording
(``lib.speechlike``: two voices taking turns, a few seconds, 8 kHz), so the evaluation screen's player is
seen working; the audio is made at build time, kept in the database and never committed as a file.
Random numbers come from this step's own stream, so every other step's data stays as it was.

An evaluator answering "greeted the customer" mostly sees what the greeting check saw, but not always:
the check misses a greeting said in other words, and counts one the evaluator finds too curt. How often
they agree differs per check (``HUMAN_AGREES``), so the agreement page shows one check to trust, one to
review and one not to use, each on the same interactions the automatic QA scored.
"""

from __future__ import annotations

import random
from datetime import datetime
from typing import TYPE_CHECKING

from kohtaamo.db.chunks import chunks
from kohtaamo.demo.transcripts import transcript
from kohtaamo.lib.speechlike import speechlike_wav
from kohtaamo.timeline.models import Interaction
from kohtaamo.timeline.services import recording_store

from .models import AutoAnswer, Evaluation

if TYPE_CHECKING:
    from kohtaamo.demo.context import ClientWorld, DemoContext
    from kohtaamo.workspaces.models import Workspace

# Share of answered contacts without a transcript that get one: every written thread keeps its messages
# (most of them here), calls are transcribed by speech analytics for part of the queues.
TRANSCRIBED = {"phone": 0.35, "chat": 0.9, "email": 0.8, "whatsapp": 0.9, "sms": 0.7, "social": 0.7}
RECORDINGS = 6  # per workspace: enough to find one, little enough to keep the database small
# Agents' habits the checks see: a greeting without their name or the company's, and no goodbye at all
# after the customer's (a less skilled agent forgets more often).
BARE_GREETING = {"fi": "Hei, miten voin auttaa?", "sv": "Hej, hur kan jag hjälpa dig?", "en": "Hi, how can I help?"}
SIGN_OFF = {
    "fi": ("Kiitos yhteydenotosta ja hyvää päivänjatkoa!", "Kiitos soitosta, kuulemiin."),
    "sv": ("Tack för att du hörde av dig, ha en bra dag!", "Tack för samtalet, hej då."),
    "en": ("Thanks for contacting us, have a nice day!", "Thank you for calling, goodbye."),
}
# How often an evaluator's answer matches the automatic one on the same interaction.
HUMAN_AGREES = {"greeting": 0.97, "closing": 0.91, "hold_announced": 0.6}


def transcripts_fill(ctx: DemoContext, world: ClientWorld, since: datetime) -> None:
    """Give a share of the answered contacts since ``since`` a transcript in the customer's language."""
    rng = ctx.rng(f"quality:transcripts:{world.spec.slug}")
    rows = (
        Interaction.objects.of(world.workspace)
        .filter(started_at__gte=since, agent__isnull=False, abandoned=False, transcript=[], channel__in=TRANSCRIBED)
        .select_related("agent", "customer")
        .order_by("pk")
    )
    skill = {agent.pk: agent.skill for agent in world.agents}
    changed = []
    for interaction in rows.iterator(chunk_size=2000):
        if rng.random() >= TRANSCRIBED[interaction.channel]:
            continue
        customer = interaction.customer
        language = customer.language if customer and customer.language in SIGN_OFF else "fi"
        turns = transcript(
            rng, language=language, reason=interaction.contact_reason,
            outcome=interaction.outcome, agent=interaction.agent.name, company=world.spec.name,
            number=str(rng.randint(1_000_000, 9_999_999)),
        )  # fmt: skip
        habit = skill.get(interaction.agent_id, 0.75)
        if rng.random() > 0.6 + 0.35 * habit:
            turns[0] = {**turns[0], "text": BARE_GREETING[language]}
        if rng.random() < 0.3 + 0.5 * habit:
            # "Thank you for calling" closes calls only; a chat or an email ends with the general goodbye.
            sign_offs = SIGN_OFF[language] if interaction.channel == "phone" else SIGN_OFF[language][:1]
            turns.append({"at": turns[-1]["at"] + rng.randint(2, 6), "speaker": "agent",
                          "text": rng.choice(sign_offs)})  # fmt: skip
        interaction.transcript = turns
        changed.append(interaction)
    Interaction.objects.of(world.workspace).bulk_update(changed, ["transcript"], batch_size=500)


def recordings_make(world: ClientWorld) -> None:
    """Short recordings for a few sampled calls: one waiting in each evaluator's queue, then the demo agent's."""
    evaluations = Evaluation.objects.of(world.workspace).filter(kind=Evaluation.Kind.OFFICIAL, channel="phone")
    waiting = evaluations.filter(status=Evaluation.Status.DRAFT).order_by("-interaction_at", "pk")
    own = evaluations.exclude(status=Evaluation.Status.DRAFT).filter(agent__user__isnull=False)
    first_per_evaluator: dict[int | None, Interaction] = {}
    for evaluation in waiting.select_related("interaction"):
        first_per_evaluator.setdefault(evaluation.evaluator_id, evaluation.interaction)
    picked = list(first_per_evaluator.values())[:4]
    for evaluation in own.select_related("interaction").order_by("-interaction_at"):
        if len(picked) >= RECORDINGS:
            break
        if evaluation.interaction not in picked:
            picked.append(evaluation.interaction)
    for interaction in picked:
        speakers = [str(turn.get("speaker", "")) for turn in interaction.transcript] or ["agent", "customer"]
        audio = speechlike_wav(speakers, seed=f"{world.spec.slug}:{interaction.external_id}")
        recording_store(interaction=interaction, audio=audio, seconds=(len(audio) - 44) / 8000)


def calls_waiting(drafts: list[Evaluation]) -> set[int]:
    """One sampled phone call per evaluator left in their queue, so each has a recorded call to take."""
    first: dict[int | None, int] = {}
    for draft in sorted(drafts, key=lambda d: d.interaction_at, reverse=True):
        if draft.channel == "phone":
            first.setdefault(draft.evaluator_id, draft.interaction_id)
    return set(first.values())


def automatic_answers(workspace: Workspace, interaction_ids: list[int]) -> dict[tuple[int, str], bool]:
    """(interaction, check) → the automatic answer, for the interactions about to be evaluated."""
    found: dict[tuple[int, str], bool] = {}
    for chunk in chunks(interaction_ids):
        rows = AutoAnswer.objects.of(workspace).filter(review__interaction_id__in=chunk)
        for interaction_id, check, passed in rows.values_list("review__interaction_id", "check_name", "passed"):
            found[(interaction_id, check)] = passed
    return found


def human_reading(rng: random.Random, check: str | None, automatic: bool) -> bool:
    """An evaluator's yes or no on a question carrying ``check``, given what the check answered."""
    return automatic if rng.random() < HUMAN_AGREES.get(check or "", 0.8) else not automatic
