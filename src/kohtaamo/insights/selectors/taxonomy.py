"""The taxonomy as a page shows it: topics in order, one topic to edit, names in the page's language."""

from django.db.models import QuerySet

from kohtaamo.workspaces.access import Actor, get_visible_or_404

from ..models import Topic


def topic_list(*, actor: Actor) -> QuerySet[Topic]:
    return Topic.objects.of(actor).order_by("position", "key")


def topic_get(*, actor: Actor, topic_id: int) -> Topic:
    """One topic of the actor's workspace (another workspace's is a 404)."""
    return get_visible_or_404(Topic, actor, topic_id)


def topic_labels(*, actor: Actor, language: str | None = None) -> dict[str, str]:
    """Topic key → its name in ``language`` (the page's by default)."""
    return {topic.key: topic.label(language) for topic in topic_list(actor=actor)}
