"""Disputes: an agent objects to an evaluation; its category's arbitrator, the evaluator or a lead settles it."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kohtaamo.notify.services.events import events_publish
from kohtaamo.workspaces.models import Workspace

from ..models import Dispute, DisputeCategory, Evaluation
from .evaluations import evaluation_score


@transaction.atomic
def dispute_open(
    *,
    evaluation: Evaluation,
    opened_by: AbstractBaseUser,
    reason: str,
    questions: list[str] | None = None,
    category: DisputeCategory | None = None,
) -> Dispute:
    """Open a dispute on a final official evaluation; a reason is required, the category names the arbitrator."""
    if category is not None and (category.workspace_id != evaluation.workspace_id or category.archived):
        raise ValidationError({"category": _("Choose one of the dispute categories.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you dispute the evaluation.")})
    if evaluation.kind != Evaluation.Kind.OFFICIAL or evaluation.status not in (
        Evaluation.Status.SUBMITTED,
        Evaluation.Status.ACKNOWLEDGED,
    ):
        raise ValidationError(_("Only a submitted official evaluation can be disputed."))
    dispute = Dispute(
        evaluation=evaluation,
        opened_by=opened_by,
        reason=reason.strip(),
        questions=list(questions or []),
        category=category,
        arbitrator_id=category.arbitrator_id if category else None,
        score_before=evaluation.total,
        answers_before=dict(evaluation.answers),
    )
    dispute.full_clean()
    dispute.save()
    evaluation.status = Evaluation.Status.DISPUTED
    evaluation.save(update_fields=["status"])
    data = {"id": dispute.pk, "evaluation_id": evaluation.pk, "questions": dispute.questions,
            "score_before": dispute.score_before, "opened_at": dispute.opened_at.isoformat()}  # fmt: skip
    events_publish(workspace=evaluation.workspace, event="dispute.opened", items=[(None, data)])
    return dispute


@transaction.atomic
def dispute_resolve(
    *,
    dispute: Dispute,
    resolved_by: AbstractBaseUser,
    decision: str,
    resolution: str,
    answers: dict[str, Any] | None = None,
) -> Dispute:
    """Accept, partially accept (with corrected answers, so a new score) or reject a dispute.

    Accepting changes the answers the agent was right about; the evaluation is re-scored by the
    same function as on submit.  The answers and score before are kept on the dispute.
    """
    if dispute.status != Dispute.Status.OPEN:
        raise ValidationError(_("This dispute was already resolved."))
    if decision not in (Dispute.Status.ACCEPTED, Dispute.Status.PARTIAL, Dispute.Status.REJECTED):
        raise ValidationError({"decision": _("Choose accept, partially accept or reject.")})
    if not resolution.strip():
        raise ValidationError({"resolution": _("Explain the decision to the agent.")})
    evaluation = dispute.evaluation
    if decision != Dispute.Status.REJECTED:
        if answers is None or answers == evaluation.answers:
            raise ValidationError({"answers": _("Change the answers the agent was right about.")})
        evaluation.answers = answers
        evaluation_score(evaluation)  # raises AnswerError before anything is changed for good
    evaluation.status = Evaluation.Status.SUBMITTED
    evaluation.save(update_fields=["answers", "status"])
    dispute.status = decision
    dispute.resolution = resolution.strip()
    dispute.resolved_by = resolved_by
    dispute.resolved_at = timezone.now()
    dispute.score_after = evaluation.total
    dispute.save()
    return dispute


def dispute_category_save(
    *,
    workspace: Workspace,
    name: str,
    arbitrator: AbstractBaseUser | None,
    category: DisputeCategory | None = None,
    archived: bool = False,
) -> DisputeCategory:
    """Add or change a category; names are unique in the workspace (an archived one keeps its disputes)."""
    category = category or DisputeCategory(workspace=workspace)
    category.name, category.arbitrator, category.archived = name.strip(), arbitrator, archived
    category.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            category.save()
    except IntegrityError:
        raise ValidationError({"name": _("There is already a category with this name.")}) from None
    return category
