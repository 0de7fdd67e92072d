"""Writes to a workspace's taxonomy: seeding the default, saving and removing a topic, adopting a suggestion.

Every change of the taxonomy queues a re-tagging of the workspace's texts (``tasks.topics_retag``) once it
has committed, so the Topics page follows the taxonomy without anyone running a command.
"""

import re

from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from kohtaamo.lib.text.topics import DEFAULT_TAXONOMY
from kohtaamo.privacy.services.audit import audit_record
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.models import Workspace

from ..defaults import DEFAULT_LABELS
from ..models import LANGUAGES, Topic
from ..tasks import topics_retag_schedule


def topics_seed(*, workspace: Workspace) -> int:
    """Give a workspace without topics the default taxonomy; returns how many topics it got."""
    if Topic.objects.of(workspace).exists():
        return 0
    topics = [
        Topic(workspace=workspace, key=key, labels=dict(DEFAULT_LABELS.get(key, {})),
              keywords={language: list(words) for language, words in by_language.items()}, position=position)
        for position, (key, by_language) in enumerate(DEFAULT_TAXONOMY.items())
    ]  # fmt: skip
    Topic.objects.bulk_create(topics)
    return len(topics)


def _next_position(workspace: Workspace) -> int:
    highest = Topic.objects.of(workspace).aggregate(top=Max("position"))["top"]
    return 0 if highest is None else highest + 1


def free_key(workspace: Workspace, wanted: str) -> str:
    """``wanted`` as a topic key, with a number after it when the workspace already has that key."""
    base = (slugify(wanted) or "topic")[:45]
    taken = set(Topic.objects.of(workspace).filter(key__startswith=base).values_list("key", flat=True))
    key, number = base, 2
    while key in taken:
        key, number = f"{base}-{number}", number + 1
    return key


@transaction.atomic
def topic_save(
    *, actor: Actor, topic: Topic | None, key: str, labels: dict[str, str], keywords: dict[str, list[str]]
) -> Topic:
    """Create (``topic`` None) or change a topic; the form has validated the fields."""
    created = topic is None
    if topic is None:
        topic = Topic(workspace=actor.workspace, position=_next_position(actor.workspace))
    topic.key = key
    topic.labels = {code: labels[code].strip() for code in LANGUAGES if labels.get(code, "").strip()}
    topic.keywords = {code: keywords[code] for code in LANGUAGES if keywords.get(code)}
    topic.full_clean()
    topic.save()
    audit_record(actor=actor, action="topic.create" if created else "topic.change", object_type="topic",
                 object_id=topic.pk, detail={"key": topic.key})  # fmt: skip
    topics_retag_schedule(actor.workspace)
    return topic


@transaction.atomic
def topic_delete(*, actor: Actor, topic: Topic) -> None:
    """Remove a topic from the taxonomy; its mentions go with the next re-tagging (queued here)."""
    audit_record(actor=actor, action="topic.delete", object_type="topic", object_id=topic.pk,
                 detail={"key": topic.key})  # fmt: skip
    topic.delete()
    topics_retag_schedule(actor.workspace)


def topic_from_suggestion(*, actor: Actor, language: str, phrase: str) -> Topic:
    """A new topic named by a suggested phrase, matched by it in its language (named in every language
    until the CX manager gives the others)."""
    phrase = re.sub(r"\s+", " ", phrase).strip()[:100]
    return topic_save(actor=actor, topic=None, key=free_key(actor.workspace, phrase),
                      labels={language: phrase.capitalize()}, keywords={language: [phrase]})  # fmt: skip
