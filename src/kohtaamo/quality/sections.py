"""Quality's parts of the interaction page: the automatic checks, and "Evaluate" for those who may score it."""

from kohtaamo.privacy.policy import may_read_transcript
from kohtaamo.timeline.extensions import interaction_section
from kohtaamo.timeline.models import Interaction
from kohtaamo.workspaces.access import Actor

from .models import Evaluation
from .presenters import auto_checks_view
from .selectors import plan, scope, scorecards
from .selectors.autoqa import auto_review_of


@interaction_section
def auto_checks(actor: Actor, interaction: Interaction) -> tuple[str, dict] | None:
    """Shown to whoever may read the transcript (an agent: their own contacts), never another agent's."""
    if not may_read_transcript(actor, interaction):
        return None
    view = auto_checks_view(
        auto_review_of(actor=actor, interaction=interaction), interaction.transcript, show_text=True
    )
    if view is None:
        return None
    return "quality/_auto_checks.html", {"view": view, "can_override": actor.can("evaluate"), "evaluation": None}


@interaction_section
def evaluate_section(actor: Actor, interaction: Interaction) -> tuple[str, dict] | None:
    """A scorecard picker starting an official evaluation; nothing for one's own work or without an agent."""
    if interaction.agent_id is None or scope.evaluation_kind_for(actor, interaction, "") != Evaluation.Kind.OFFICIAL:
        return None
    choices = list(scorecards.scorecards_active(actor=actor))
    if not choices:
        return None
    context = {
        "scorecards": choices,
        "chosen": plan.quality_plan(actor=actor).scorecard_id,
        "existing": scope.evaluations_visible(actor).filter(interaction=interaction, kind=Evaluation.Kind.OFFICIAL),
    }
    return "quality/_evaluate_section.html", context
