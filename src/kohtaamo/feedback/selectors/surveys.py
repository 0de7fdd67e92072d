"""Surveys and their trigger rules, for the survey editor, its forms and the command line."""

from django.db.models import Count, QuerySet

from kohtaamo.workspaces.access import Actor, get_visible_or_404
from kohtaamo.workspaces.models import Queue

from ..models import Answer, Question, Response, Survey, TriggerRule


def _count_by_survey(rows: QuerySet) -> dict[int, int]:
    """Survey id → how many of ``rows`` belong to it, in one grouped query."""
    return dict(rows.values("survey").annotate(n=Count("pk")).values_list("survey", "n"))


def survey_list(*, actor: Actor) -> list[Survey]:
    """The workspace's surveys, each with its question, enabled-trigger and response counts."""
    surveys = list(Survey.objects.of(actor))
    ids = [s.pk for s in surveys]
    questions = _count_by_survey(Question.objects.of(actor).filter(survey_id__in=ids))
    triggers = _count_by_survey(TriggerRule.objects.of(actor).filter(survey_id__in=ids, active=True))
    responses = _count_by_survey(Response.objects.of(actor).filter(survey_id__in=ids))
    for survey in surveys:
        survey.question_count = questions.get(survey.pk, 0)
        survey.trigger_count = triggers.get(survey.pk, 0)
        survey.response_count = responses.get(survey.pk, 0)
    return surveys


def survey_get(*, actor: Actor, survey_id: int) -> Survey:
    """One survey of the workspace, or 404."""
    return get_visible_or_404(Survey, actor, survey_id)


def survey_by_key(*, actor: Actor, key: str) -> Survey | None:
    """The workspace's survey with this key (the command line names surveys by key)."""
    return Survey.objects.of(actor).filter(key=key).first()


def survey_key_taken(*, actor: Actor, key: str) -> bool:
    """Whether another survey of the workspace already has this key."""
    return Survey.objects.of(actor).filter(key=key).exists()


def answered_question_ids(*, actor: Actor, survey: Survey) -> set[int]:
    """The survey's questions that already have answers (their key, type and scale are fixed)."""
    answers = Answer.objects.of(actor).filter(question__survey=survey)
    return set(answers.values_list("question_id", flat=True).distinct())


def trigger_get(*, actor: Actor, survey: Survey, trigger_id: int) -> TriggerRule:
    """One trigger rule of the survey, or 404."""
    return get_visible_or_404(survey.triggers.all(), actor, trigger_id)


def queue_choices(*, actor: Actor) -> QuerySet[Queue]:
    """The queues a trigger rule may be limited to: the workspace's own."""
    return Queue.objects.of(actor)
