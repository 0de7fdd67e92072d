"""Quality's part of the interaction page: "Evaluate" for those who may score this contact."""

from kohtaamo.timeline.extensions import interaction_section
from kohtaamo.timeline.models import Interaction
from kohtaamo.workspaces.access import Actor

from .models import Evaluation
from .selectors import plan, scope, scorecards


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
