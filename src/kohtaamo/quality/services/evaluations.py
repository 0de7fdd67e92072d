"""Evaluations: start, save a draft, submit (scored on the server), acknowledge, claim from the pool."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kohtaamo.lib.qa.form_json import load_form
from kohtaamo.lib.qa.pass_rates import pass_rates
from kohtaamo.lib.qa.scoring import ScoreResult, score_evaluation
from kohtaamo.notify.services.events import events_publish
from kohtaamo.timeline.models import Interaction

from ..models import CalibrationSession, Evaluation, QuestionScore, ScorecardVersion
from ..periods import month_of


def evaluation_start(
    *,
    interaction: Interaction,
    version: ScorecardVersion,
    evaluator: AbstractBaseUser | None = None,
    kind: str = Evaluation.Kind.OFFICIAL,
    sampled_reason: str = "manual",
    calibration: CalibrationSession | None = None,
) -> Evaluation:
    """A draft evaluation of an interaction's agent; evaluator None leaves it in the shared pool."""
    if interaction.agent_id is None:
        raise ValidationError(_("This interaction has no agent, so there is nobody to evaluate."))
    if version.scorecard.workspace_id != interaction.workspace_id:
        raise ValidationError(_("The scorecard belongs to another workspace."))
    evaluation = Evaluation(
        workspace_id=interaction.workspace_id,
        interaction=interaction,
        agent_id=interaction.agent_id,
        evaluator=evaluator,
        version=version,
        kind=kind,
        sampled_reason=sampled_reason,
        calibration=calibration,
        interaction_at=interaction.started_at,
        month=month_of(interaction.workspace, interaction.started_at),
        channel=interaction.channel,
        queue_id=interaction.queue_id,
        team_id=interaction.agent.team_id if interaction.agent else None,
    )
    evaluation.full_clean()
    evaluation.save()
    return evaluation


def apply_score(evaluation: Evaluation, result: ScoreResult) -> list[QuestionScore]:
    """Copy a scoring result onto the evaluation and build its question rows (nothing is saved)."""
    evaluation.total = result.total
    evaluation.section_scores = result.section_scores
    evaluation.result = result.to_dict()
    passed = pass_rates([result])
    return [
        QuestionScore(
            evaluation=evaluation,
            question_id=qid,
            section_id=q.section_id,
            score=q.score,
            passed=None if q.score is None else passed[qid].passed == 1,
        )
        for qid, q in result.questions.items()
    ]


def evaluation_score(evaluation: Evaluation) -> ScoreResult:
    """(Re)compute and store an evaluation's scores from its answers: the one place scores are made.

    Raises ``AnswerError`` (per question) when the answers don't fit the form version.
    """
    result = score_evaluation(load_form(evaluation.version.form), evaluation.answers)
    rows = apply_score(evaluation, result)
    evaluation.save(update_fields=["total", "section_scores", "result"])
    evaluation.question_scores.all().delete()
    QuestionScore.objects.bulk_create(rows)
    return result


@transaction.atomic
def evaluation_save(
    *,
    evaluation: Evaluation,
    answers: dict[str, Any],
    comments: dict[str, str] | None = None,
    overall_comment: str = "",
    submit: bool = False,
) -> Evaluation:
    """Store a draft's answers and comments; with ``submit`` also score it and make it final.

    A draft may be incomplete.  Submitting validates every answer against the form version and
    raises ``AnswerError`` listing the questions to fix; nothing is stored then.
    """
    if evaluation.is_final:
        raise ValidationError(_("This evaluation was already submitted."))
    evaluation.answers = answers
    evaluation.comments = {k: v for k, v in (comments or {}).items() if v.strip()}
    evaluation.overall_comment = overall_comment.strip()
    evaluation.save(update_fields=["answers", "comments", "overall_comment"])
    if submit:
        evaluation_score(evaluation)
        evaluation.status = Evaluation.Status.SUBMITTED
        evaluation.submitted_at = timezone.now()
        evaluation.save(update_fields=["status", "submitted_at"])
        item = (None, evaluation_event_data(evaluation))
        events_publish(workspace=evaluation.workspace, event="evaluation.submitted", items=[item])
    return evaluation


@transaction.atomic
def evaluation_acknowledge(*, evaluation: Evaluation) -> Evaluation:
    """The agent has read the evaluation (and does not dispute it)."""
    if evaluation.status != Evaluation.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted evaluation can be acknowledged."))
    evaluation.status = Evaluation.Status.ACKNOWLEDGED
    evaluation.acknowledged_at = timezone.now()
    evaluation.save(update_fields=["status", "acknowledged_at"])
    return evaluation


@transaction.atomic
def evaluation_claim(*, evaluation: Evaluation, evaluator: AbstractBaseUser) -> Evaluation:
    """Take an unassigned draft from the shared pool."""
    if evaluation.evaluator_id is not None or evaluation.is_final:
        raise ValidationError(_("Somebody already took this evaluation."))
    evaluation.evaluator = evaluator
    evaluation.save(update_fields=["evaluator"])
    return evaluation


def evaluation_event_data(evaluation: Evaluation) -> dict:
    """A submitted evaluation as its event tells of it: who, what, the score; not the comments."""
    fields = ("interaction_id", "agent_id", "version_id", "evaluator_id", "kind", "channel", "total", "section_scores")
    submitted = evaluation.submitted_at.isoformat() if evaluation.submitted_at else None
    return {"id": evaluation.pk, **{name: getattr(evaluation, name) for name in fields}, "submitted_at": submitted}
