"""Suggestions of new topics: what the latest survey comments that no topic matched have in common."""

from dataclasses import dataclass

from kohtaamo.feedback.selectors.answers import answers_for
from kohtaamo.lib.text.suggestions import Suggestion, suggest_topics
from kohtaamo.workspaces.access import Actor

from ..models import TextReading

RECENT = 3000  # the latest untagged comments read: enough for a pattern, fast enough for a page


@dataclass(frozen=True)
class TopicSuggestion:
    suggestion: Suggestion
    examples: list[str]  # the comments themselves (already masked on ingest)

    @property
    def language(self) -> str:
        return self.suggestion.language

    @property
    def phrase(self) -> str:
        return self.suggestion.phrase

    @property
    def texts(self) -> int:
        return self.suggestion.texts


def topic_suggestions(*, actor: Actor, limit: int = 10) -> tuple[list[TopicSuggestion], int]:
    """The suggestions, and how many untagged comments they were drawn from."""
    untagged = TextReading.objects.of(actor).filter(answer__in=answers_for(actor), topics=[])
    rows = list(untagged.order_by("-at", "-pk").values_list("answer__text", "language")[:RECENT])
    texts = [(text, language or None) for text, language in rows]
    found = suggest_topics(texts, limit=limit)
    return [TopicSuggestion(s, [texts[index][0] for index in s.examples]) for s in found], len(texts)
