"""Writes of the journeys app: one function per change, each validated and in a transaction."""

from collections.abc import Collection, Iterable
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.models import Workspace

from .follow_up import WINDOW_DAYS, follow_up_json
from .models import Action, Insight, JourneyMap, Persona, Stage, StageTouchpoint, Touchpoint
from .persona_rules import parse_rules
from .selectors.catalogue import workspace_members
from .selectors.outcomes import action_follow_up, contact_filter, metric_sample


def _check_owner(workspace: Workspace, owner: AbstractBaseUser | None) -> None:
    members = workspace_members(actor=Actor.system(workspace))
    if owner is not None and not members.filter(pk=owner.pk).exists():
        raise ValidationError({"owner": _("The owner must be a member of this workspace.")})


def _saved[M: models.Model](instance: M) -> M:
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def persona_save(
    *, workspace: Workspace, name: str, rules: str, description: str = "", persona: Persona | None = None
) -> Persona:
    """Create or change a persona; ``rules`` is the written form (see ``persona_rules.py``)."""
    persona = persona or Persona(workspace=workspace)
    persona.name, persona.description, persona.rules = name, description, parse_rules(rules)
    return _saved(persona)


@transaction.atomic
def touchpoint_save(
    *, workspace: Workspace, touchpoint: Touchpoint | None = None, owner: AbstractBaseUser | None = None,
    **fields: object,
) -> Touchpoint:  # fmt: skip
    """Create or change a touchpoint; its owner must work in the workspace."""
    _check_owner(workspace, owner)
    touchpoint = touchpoint or Touchpoint(workspace=workspace)
    for name, value in fields.items():
        setattr(touchpoint, name, value)
    touchpoint.owner = owner
    return _saved(touchpoint)


@transaction.atomic
def journey_save(
    *, workspace: Workspace, journey: JourneyMap | None = None, owner: AbstractBaseUser | None = None,
    stages: Iterable[str] = (), **fields: object,
) -> JourneyMap:  # fmt: skip
    """Create or change a journey map; ``stages`` are added after any it already has."""
    _check_owner(workspace, owner)
    journey = journey or JourneyMap(workspace=workspace)
    for name, value in fields.items():
        setattr(journey, name, value)
    journey.owner = owner
    if journey.persona is not None and journey.persona.workspace_id != workspace.pk:
        raise ValidationError({"persona": _("Choose a persona of this workspace.")})
    _saved(journey)
    for name in stages:
        stage_add(journey=journey, name=name)
    return journey


@transaction.atomic
def stage_add(*, journey: JourneyMap, name: str) -> Stage:
    """Add a stage after the journey's last one."""
    last = journey.stages.order_by("-position").values_list("position", flat=True).first()
    return _saved(Stage(journey=journey, name=name, position=(last + 1) if last is not None else 0))


@transaction.atomic
def stage_cell_toggle(*, stage: Stage, touchpoint: Touchpoint) -> StageTouchpoint | None:
    """Mark the touchpoint as used in the stage, or unmark it; returns the cell if it is now set."""
    if touchpoint.workspace_id != stage.journey.workspace_id:
        raise ValidationError(_("The touchpoint belongs to another workspace."))
    deleted, _counts = stage.cells.filter(touchpoint=touchpoint).delete()
    if deleted:
        return None
    return _saved(StageTouchpoint(stage=stage, touchpoint=touchpoint))


@transaction.atomic
def insight_create(
    *, workspace: Workspace, title: str, finding: str = "", evidence: dict | None = None,
    journeys: Collection[JourneyMap] = (), touchpoints: Collection[Touchpoint] = (),
    created_by: AbstractBaseUser | None = None,
) -> Insight:  # fmt: skip
    """Record a finding with its evidence, linked to journeys and touchpoints of the workspace."""
    insight = _saved(Insight(workspace=workspace, title=title, finding=finding, evidence=evidence or {},
                             created_by=created_by))  # fmt: skip
    if any(j.workspace_id != workspace.pk for j in journeys) or any(
        t.workspace_id != workspace.pk for t in touchpoints
    ):
        raise ValidationError(_("Link journeys and touchpoints of this workspace only."))
    insight.journeys.set(journeys)
    insight.touchpoints.set(touchpoints)
    return insight


@transaction.atomic
def action_create(
    *, workspace: Workspace, created_by: AbstractBaseUser | None = None, owner: AbstractBaseUser | None = None,
    today: date | None = None, **fields: object,
) -> Action:  # fmt: skip
    """Create an action; its baseline is the target metric over the four weeks before today."""
    _check_owner(workspace, owner)
    action = Action(workspace=workspace, created_by=created_by, owner=owner, **fields)
    for linked in (action.insight, action.journey):
        if linked is not None and linked.workspace_id != workspace.pk:
            raise ValidationError(_("Link an insight and a journey of this workspace only."))
    action.full_clean()
    now = timezone.now()
    today = today or timezone.localdate(now, workspace.tz)
    actor = Actor.system(workspace)
    where = contact_filter(actor=actor, data=action.metric_filter, now=now)
    start = today - timedelta(days=WINDOW_DAYS)
    sample = metric_sample(actor=actor, metric=action.metric, where=where, start=start, end=today)
    estimate = sample.estimate()
    action.baseline = None if estimate.value != estimate.value else round(estimate.value, 4)
    action.baseline_n = estimate.n
    action.save()
    return action


@transaction.atomic
def action_set_status(*, action: Action, status: str, today: date | None = None) -> Action:
    """Move an action along; becoming done dates it (the day its follow-up windows meet)."""
    action.status = status
    if status in (Action.Status.DONE, Action.Status.EVALUATED) and action.done_on is None:
        action.done_on = today or timezone.localdate(timezone.now(), action.workspace.tz)
    if status not in (Action.Status.DONE, Action.Status.EVALUATED):
        action.done_on, action.evaluation, action.evaluated_at = None, {}, None
    return _saved(action)


@transaction.atomic
def action_evaluate(*, action: Action) -> Action:
    """Measure the done action's before/after and keep the verdict; refused while it cannot be measured."""
    now = timezone.now()
    result = action_follow_up(actor=Actor.system(action.workspace), action=action, now=now)
    if result is None:
        raise ValidationError(_("Only a done action can be evaluated."))
    if result.verdict is None:
        raise ValidationError(
            _("The after-period is not over yet; evaluate on %(day)s.") % {"day": result.measurable_on}
        )
    action.evaluation = follow_up_json(result)
    action.evaluated_at = now
    action.status = Action.Status.EVALUATED
    return _saved(action)
