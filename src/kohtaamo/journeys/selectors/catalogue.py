"""Reads of the journeys catalogue: touchpoints, journey maps and their grid, insights and actions."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from kohtaamo.db.filters import filter_given
from kohtaamo.workspaces.access import Actor, get_visible_or_404

from ..models import Action, Insight, JourneyMap, Persona, Stage, StageTouchpoint, Touchpoint


def touchpoint_get(*, actor: Actor, touchpoint_id: int) -> Touchpoint:
    return get_visible_or_404(Touchpoint, actor, touchpoint_id)


def journey_get(*, actor: Actor, journey_id: int) -> JourneyMap:
    return get_visible_or_404(JourneyMap, actor, journey_id)


def insight_get(*, actor: Actor, insight_id: int) -> Insight:
    return get_visible_or_404(Insight, actor, insight_id)


def action_get(*, actor: Actor, action_id: int) -> Action:
    return get_visible_or_404(Action, actor, action_id)


def touchpoint_list(*, actor: Actor) -> QuerySet[Touchpoint]:
    return Touchpoint.objects.of(actor).select_related("owner")


def journey_list(*, actor: Actor) -> QuerySet[JourneyMap]:
    return JourneyMap.objects.of(actor).select_related("persona", "owner")


def insight_list(*, actor: Actor) -> QuerySet[Insight]:
    return Insight.objects.of(actor).prefetch_related("journeys", "touchpoints")


def action_list(*, actor: Actor) -> list[Action]:
    """Actions, highest priority first."""
    actions = Action.objects.of(actor).select_related("owner", "journey", "insight")
    return sorted(actions, key=lambda a: (-a.priority, a.title))


def journeys_filtered(*, actor: Actor, persona_id: int | None = None) -> QuerySet[JourneyMap]:
    """Journey maps for the API, each with its stages and the touchpoints used in each (three queries a page)."""
    rows = JourneyMap.objects.of(actor).prefetch_related("stages__cells")
    return filter_given(rows, persona_id=persona_id)


def journey_with_stages_get(*, actor: Actor, journey_id: int) -> JourneyMap:
    return get_visible_or_404(journeys_filtered(actor=actor), actor, journey_id)


def actions_filtered(*, actor: Actor, status: str = "", journey_id: int | None = None) -> QuerySet[Action]:
    """Improvement actions for the API (in the list's sort order, not by priority as the page shows them)."""
    return filter_given(Action.objects.of(actor), status=status, journey_id=journey_id)


def workspace_members(*, actor: Actor) -> QuerySet[AbstractBaseUser]:
    """The people who may own a touchpoint, a journey or an action: the workspace's members."""
    return get_user_model().objects.filter(memberships__workspace=actor.workspace)


def form_choices(*, actor: Actor) -> dict[str, QuerySet]:
    """What the journeys forms may link to: the workspace's members, personas, journeys and touchpoints."""
    return {
        "owner": workspace_members(actor=actor).order_by("email"),
        "persona": Persona.objects.of(actor),
        "journey": JourneyMap.objects.of(actor),
        "journeys": JourneyMap.objects.of(actor),
        "touchpoints": Touchpoint.objects.of(actor),
    }


@dataclass(frozen=True)
class Grid:
    """The journey map: stages as columns, touchpoints as rows, and the cells that are set."""

    stages: list[Stage]
    touchpoints: list[Touchpoint]
    cells: dict[tuple[int, int], StageTouchpoint]

    def rows(self) -> list[tuple[Touchpoint, list[tuple[Stage, StageTouchpoint | None]]]]:
        return [(t, [(s, self.cells.get((s.pk, t.pk))) for s in self.stages]) for t in self.touchpoints]


def journey_grid(*, actor: Actor, journey: JourneyMap) -> Grid:
    """The grid of a journey the actor sees (read through this module)."""
    stages = list(journey.stages.prefetch_related("cells"))
    cells = {(c.stage_id, c.touchpoint_id): c for s in stages for c in s.cells.all()}
    return Grid(stages, list(touchpoint_list(actor=actor)), cells)


@dataclass(frozen=True)
class Cell:
    """A place in a journey's grid: one of its stages and one of the workspace's touchpoints."""

    journey: JourneyMap
    stage: Stage
    touchpoint: Touchpoint


def journey_cell(*, actor: Actor, journey_id: int, stage_id: int, touchpoint_id: int) -> Cell:
    journey = journey_get(actor=actor, journey_id=journey_id)
    stage = get_visible_or_404(journey.stages.all(), actor, stage_id)
    return Cell(journey, stage, touchpoint_get(actor=actor, touchpoint_id=touchpoint_id))
