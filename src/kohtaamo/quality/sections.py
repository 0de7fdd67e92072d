"""The automatic QA section of the interaction page (registered in ``QualityConfig.ready``)."""

from kohtaamo.privacy.policy import may_read_transcript
from kohtaamo.timeline.extensions import interaction_section
from kohtaamo.timeline.models import Interaction
from kohtaamo.workspaces.access import Actor

from .presenters import auto_checks_view
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
