"""Calibration sessions and coaching sessions."""

from collections.abc import Iterable
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kohtaamo.timeline.models import Interaction
from kohtaamo.workspaces.models import Agent, Workspace

from ..models import CalibrationSession, CoachingSession, Evaluation, ScorecardVersion
from .evaluations import evaluation_start


@transaction.atomic
def calibration_session_create(
    *,
    workspace: Workspace,
    name: str,
    version: ScorecardVersion,
    interactions: Iterable[Interaction],
    participants: Iterable[AbstractBaseUser],
    reference: AbstractBaseUser | None = None,
    created_by: AbstractBaseUser | None = None,
) -> CalibrationSession:
    """A session in which every participant scores the same interactions blind."""
    interactions, participants = list(interactions), list(participants)
    errors = {}
    if len(participants) < 2:
        errors["participants"] = _("Choose at least two evaluators.")
    if not interactions:
        errors["interactions"] = _("Choose at least one interaction.")
    elif any(i.workspace_id != workspace.pk or i.agent_id is None for i in interactions):
        errors["interactions"] = _("Every interaction must belong to this workspace and have an agent.")
    if reference is not None and reference not in participants:
        errors["reference"] = _("The reference evaluator must be one of the participants.")
    if errors:
        raise ValidationError(errors)
    session = CalibrationSession(
        workspace=workspace, name=name.strip(), version=version, reference=reference, created_by=created_by
    )
    session.full_clean()
    session.save()
    session.interactions.set(interactions)
    session.participants.set(participants)
    return session


def calibration_evaluation_open(
    *, session: CalibrationSession, interaction: Interaction, evaluator: AbstractBaseUser
) -> Evaluation:
    """The participant's calibration evaluation of one of the session's interactions (started if new)."""
    if session.status != CalibrationSession.Status.OPEN:
        raise ValidationError(_("The session is closed."))
    existing = session.evaluations.filter(interaction=interaction, evaluator=evaluator).first()
    if existing is not None:
        return existing
    return evaluation_start(
        interaction=interaction,
        version=session.version,
        evaluator=evaluator,
        kind=Evaluation.Kind.CALIBRATION,
        sampled_reason="calibration",
        calibration=session,
    )


def calibration_session_close(*, session: CalibrationSession) -> CalibrationSession:
    """Stop scoring; everybody may now see everybody's answers."""
    session.status = CalibrationSession.Status.CLOSED
    session.save(update_fields=["status"])
    return session


@transaction.atomic
def coaching_session_create(
    *,
    agent: Agent,
    coach: AbstractBaseUser | None,
    goal: str,
    notes: str = "",
    actions: str = "",
    follow_up_on: date | None = None,
    evaluations: Iterable[Evaluation] = (),
    question_ids: Iterable[str] = (),
    held_at: datetime | None = None,
) -> CoachingSession:
    """Record a coaching conversation and what it was about, so later evaluations can show progress."""
    evaluations = list(evaluations)
    if any(e.agent_id != agent.pk for e in evaluations):
        raise ValidationError({"evaluations": _("Link only this agent's evaluations.")})
    session = CoachingSession(
        workspace_id=agent.workspace_id,
        agent=agent,
        coach=coach,
        held_at=held_at or timezone.now(),
        goal=goal.strip(),
        notes=notes.strip(),
        actions=actions.strip(),
        follow_up_on=follow_up_on,
        question_ids=sorted(set(question_ids)),
    )
    session.full_clean()
    session.save()
    session.evaluations.set(evaluations)
    return session
