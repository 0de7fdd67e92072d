"""The topics and sentiment of a transcript beside it: on the interaction page, and on each event of the
customer's timeline (registered with the timeline's extensions)."""

from kohtaamo.timeline.extensions import interaction_marks, interaction_section

from .selectors.marks import interaction_reading, readings_of_interactions


@interaction_section
def reading_section(actor, interaction):
    """The interaction's sentiment and topic chips, once its transcript has been read."""
    mark = interaction_reading(actor=actor, interaction=interaction)
    return ("insights/_reading_section.html", mark) if mark else None


@interaction_marks
def reading_marks(actor, interactions):
    """Interaction id → its chips on the customer's timeline."""
    marks = readings_of_interactions(actor=actor, interactions=interactions)
    return {pk: ("insights/_mark.html", mark) for pk, mark in marks.items()}
