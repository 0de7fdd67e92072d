"""The spotlight: recent conversations the automatic QA found worth a human look, each with its reasons."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import F, Q
from django.utils import timezone

from kohtaamo.lib.qa.spotlight import (
    LONG_RESPONSE_SECONDS,
    LONG_SILENCE_SECONDS,
    SENTIMENT_DROP,
    Signals,
    reasons,
)
from kohtaamo.workspaces.access import Actor

from ..models import AutoReview
from .scope import teams_overseen

REASONS = ("escalation", "sentiment_fell", "long_silence", "slow_response", "repeat_contact")
LIMIT = 200


@dataclass
class SpotlightRow:
    review: AutoReview
    reasons: list[tuple[str, object]]


def _condition(reason: str) -> Q:
    return {
        "escalation": ~Q(escalation_words=[]),
        "sentiment_fell": Q(sentiment_end__lte=F("sentiment_start") - SENTIMENT_DROP),
        "long_silence": Q(longest_silence_seconds__gte=LONG_SILENCE_SECONDS),
        "slow_response": Q(agent_max_response_seconds__gte=LONG_RESPONSE_SECONDS),
        "repeat_contact": Q(interaction__is_repeat=True),
    }[reason]


def spotlight(*, actor: Actor, days: int = 30, reason: str | None = None) -> list[SpotlightRow]:
    """The newest flagged conversations of the last ``days`` of the teams the actor oversees (a lead's own)."""
    wanted = [reason] if reason in REASONS else list(REASONS)
    condition = Q()
    for name in wanted:
        condition |= _condition(name)
    reviews = AutoReview.objects.of(actor).filter(
        condition, applicable=True, interaction_at__gte=timezone.now() - timedelta(days=days)
    )
    teams = teams_overseen(actor)
    if teams is not None:
        reviews = reviews.filter(agent__team__in=teams)
    rows = []
    for review in reviews.select_related("interaction", "agent").order_by("-interaction_at")[:LIMIT]:
        signals = Signals(
            review.sentiment_start,
            review.sentiment_end,
            review.longest_silence_seconds,
            review.agent_max_response_seconds,
            review.escalation_words,
            review.interaction.is_repeat,
        )
        rows.append(SpotlightRow(review, reasons(signals)))
    return rows
