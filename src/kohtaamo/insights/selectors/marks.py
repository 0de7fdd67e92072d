"""A text's reading as a page shows it: its sentiment and its topics by name, in the page's language.

Readings come from the transcript, so they follow its rule: an agent sees them on their own contacts only.
"""

from collections.abc import Iterable
from typing import Any

from kohtaamo.feedback.models import Answer
from kohtaamo.privacy.policy import may_read_transcript
from kohtaamo.timeline.models import Interaction
from kohtaamo.workspaces.access import Actor

from ..models import TextReading
from .taxonomy import topic_labels

type Mark = dict[str, Any]


def mark_of(reading: TextReading, labels: dict[str, str]) -> Mark:
    """What the chips show: the sentiment (its key for the colour, its name) and the topics' names."""
    return {
        "sentiment": reading.sentiment,
        "sentiment_label": reading.get_sentiment_display(),
        "score": reading.sentiment_score,
        "topics": [labels.get(key, key) for key in reading.topics],
    }


def interaction_reading(*, actor: Actor, interaction: Interaction) -> Mark | None:
    """The chips of one interaction the actor already sees (None: not read yet, or not the actor's to read)."""
    if not may_read_transcript(actor, interaction):
        return None
    reading = TextReading.objects.of(actor).filter(interaction=interaction).first()
    return mark_of(reading, topic_labels(actor=actor)) if reading else None


def readings_of_interactions(*, actor: Actor, interactions: Iterable[Interaction]) -> dict[int, Mark]:
    """Interaction id → its chips, for the interactions (already seen by the actor) whose transcript it may read."""
    allowed = [i.pk for i in interactions if may_read_transcript(actor, i)]
    if not allowed:
        return {}
    readings = TextReading.objects.of(actor).filter(interaction_id__in=allowed)
    labels = topic_labels(actor=actor)
    return {reading.interaction_id: mark_of(reading, labels) for reading in readings}


def readings_of_answers(*, actor: Actor, answers: Iterable[Answer]) -> dict[int, Mark]:
    """Answer id → its chips, for answers the actor already sees (the verbatim explorer's rows)."""
    ids = [answer.pk for answer in answers]
    readings = TextReading.objects.of(actor).filter(answer_id__in=ids)
    labels = topic_labels(actor=actor)
    return {reading.answer_id: mark_of(reading, labels) for reading in readings}
