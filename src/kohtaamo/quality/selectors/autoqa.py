"""Reads of the automatic QA: one interaction's answers, and the answers an evaluator may override."""

from kohtaamo.timeline.models import Interaction
from kohtaamo.workspaces.access import Actor, get_visible_or_404

from ..models import AutoAnswer, AutoReview


def auto_review_of(*, actor: Actor, interaction: Interaction) -> AutoReview | None:
    """The automatic QA of an interaction the caller has already let the actor see, with its answers."""
    return (
        AutoReview.objects.of(actor)
        .filter(interaction=interaction, applicable=True)
        .prefetch_related("answers", "answers__overridden_by")
        .first()
    )


def auto_answer_get(*, actor: Actor, answer_id: int) -> AutoAnswer:
    """An automatic answer of the workspace (an evaluator may override any), or 404."""
    answers = AutoAnswer.objects.of(actor).select_related("review", "review__interaction")
    return get_visible_or_404(answers, actor, answer_id)
