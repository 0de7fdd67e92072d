"""The demo's evidence for evaluators: transcripts on more of the contacts, and a few calls with audio.

Sampling takes only interactions with something to evaluate, so the demo gives its contacts what a
contact centre has: the messages of written contacts and speech-analytics transcripts of part of the
calls (the generator gave only a few). A handful of the sampled calls get a short generated recording
(``lib.speechlike``: two voices taking turns, a few seconds, 8 kHz), so the evaluation screen's player is
seen working; the audio is made at build time, kept in the database and never committed as a file.
Random numbers come from this step's own stream, so every other step's data stays as it was.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from kohtaamo.demo.transcripts import transcript
from kohtaamo.lib.speechlike import speechlike_wav
from kohtaamo.timeline.models import Interaction
from kohtaamo.timeline.services import recording_store

from .models import Evaluation

if TYPE_CHECKING:
    from kohtaamo.demo.context import ClientWorld, DemoContext

# Share of answered contacts without a transcript that get one: every written thread keeps its messages
# (most of them here), calls are transcribed by speech analytics for part of the queues.
TRANSCRIBED = {"phone": 0.35, "chat": 0.9, "email": 0.8, "whatsapp": 0.9, "sms": 0.7, "social": 0.7}
RECORDINGS = 6  # per workspace: enough to find one, little enough to keep the database small


def transcripts_fill(ctx: DemoContext, world: ClientWorld, since: datetime) -> None:
    """Give a share of the answered contacts since ``since`` a transcript in the customer's language."""
    rng = ctx.rng(f"quality:transcripts:{world.spec.slug}")
    rows = (
        Interaction.objects.of(world.workspace)
        .filter(started_at__gte=since, agent__isnull=False, abandoned=False, transcript=[], channel__in=TRANSCRIBED)
        .select_related("agent", "customer")
        .order_by("pk")
    )
    changed = []
    for interaction in rows.iterator(chunk_size=2000):
        if rng.random() >= TRANSCRIBED[interaction.channel]:
            continue
        customer = interaction.customer
        interaction.transcript = transcript(
            rng, language=customer.language if customer else "fi", reason=interaction.contact_reason,
            outcome=interaction.outcome, agent=interaction.agent.name, company=world.spec.name,
            number=str(rng.randint(1_000_000, 9_999_999)),
        )  # fmt: skip
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
