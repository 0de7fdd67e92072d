"""Other apps add sections to the customer page, and work after ingest, without the timeline knowing them.

An app registers, in its ``AppConfig.ready()``, a function ``section(actor, customer)`` that returns
``(template_name, context)`` or ``None`` (nothing to show for this customer or this role). The customer
page renders every section under the timeline, e.g. survey answers and follow-ups, or the incident
notifications the customer received. An interaction-page section (``interaction_section``) works the
same way with ``(actor, interaction)``: quality's "Evaluate" form. Marks (``interaction_marks``) are the
chips an app adds to each event of the customer's timeline.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from kohtaamo.lib.hooks import Hook

if TYPE_CHECKING:
    from kohtaamo.workspaces.access import Actor
    from kohtaamo.workspaces.models import Workspace

    from .models import Customer, Interaction

Section = Callable[["Actor", "Customer"], tuple[str, dict] | None]
CUSTOMER_SECTIONS: list[Section] = []
InteractionSection = Callable[["Actor", "Interaction"], tuple[str, dict] | None]
INTERACTION_SECTIONS: list[InteractionSection] = []


def customer_section(function: Section) -> Section:
    """Register a customer-page section (decorator)."""
    if function not in CUSTOMER_SECTIONS:
        CUSTOMER_SECTIONS.append(function)
    return function


def customer_sections(actor: Actor, customer: Customer) -> list[tuple[str, dict]]:
    return [section for function in CUSTOMER_SECTIONS if (section := function(actor, customer)) is not None]


def interaction_section(function: InteractionSection) -> InteractionSection:
    """Register an interaction-page section (decorator)."""
    if function not in INTERACTION_SECTIONS:
        INTERACTION_SECTIONS.append(function)
    return function


def interaction_sections(actor: Actor, interaction: Interaction) -> list[tuple[str, dict]]:
    return [section for function in INTERACTION_SECTIONS if (section := function(actor, interaction)) is not None]


# A mark is a small thing shown on each event of the customer's timeline (insights: the topics and the
# sentiment of the interaction's transcript): one call for the page's interactions, interaction id →
# ``(template_name, context)``, so a mark costs one query per page, not one per event.
Marks = Callable[["Actor", "list[Interaction]"], dict[int, tuple[str, dict]]]
INTERACTION_MARKS: list[Marks] = []


def interaction_marks(function: Marks) -> Marks:
    """Register marks for the events of the customer's timeline (decorator)."""
    if function not in INTERACTION_MARKS:
        INTERACTION_MARKS.append(function)
    return function


def interactions_marked(actor: Actor, interactions: list[Interaction]) -> None:
    """Give each interaction its ``marks``: the ``(template_name, context)`` of every registered app."""
    found = [function(actor, interactions) for function in INTERACTION_MARKS]
    for interaction in interactions:
        interaction.marks = [marks[interaction.pk] for marks in found if interaction.pk in marks]  # type: ignore[attr-defined]


# Called once per ingest batch that stored new or changed transcripts, after its transaction (e.g. the
# automatic QA queues a background run): a batch, not a record, so a large import stays fast.
AFTER_INGEST: Hook[Workspace] = Hook()
after_ingest = AFTER_INGEST.register
transcripts_ingested = AFTER_INGEST.run
