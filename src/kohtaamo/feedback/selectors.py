"""Reads of the feedback app, scoped to one workspace (through the actor, or a workspace for other apps)."""

from collections.abc import Iterable

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from kohtaamo.db.chunks import chunks
from kohtaamo.lib.cxmetrics import proportion_estimate
from kohtaamo.timeline.models import Customer
from kohtaamo.workspaces.access import Actor, Role
from kohtaamo.workspaces.models import Workspace

from .filters import MetricFilters
from .metrics import answers_for
from .models import Answer, FollowUp, Invitation, Question, Response, Survey, TriggerRule

# Metric name → the one scale its answers are given on (the legacy 1–5 effort scale is never mixed in).
METRIC_SCALE = {"nps": "nps_0_10", "csat": "csat_1_5", "ces": "ces_1_7"}


def survey_scores_for_interactions(
    *, workspace: Workspace, interaction_ids: Iterable[int], metric: str
) -> dict[int, float]:
    """Interaction id → the customer's score for it (CSAT 1–5 or NPS 0–10), for interactions with an answer.

    Used by other apps (quality compares evaluation scores with what the customer said). When a customer
    answered twice about one interaction, the latest answer counts.
    """
    if metric not in ("csat", "nps"):
        raise ValueError(f"metric must be 'csat' or 'nps', got {metric!r}")
    scores: dict[int, float] = {}
    for chunk in chunks(sorted(set(interaction_ids))):
        rows = (
            Answer.objects.filter(
                workspace=workspace, interaction_id__in=chunk, scale=METRIC_SCALE[metric], value__isnull=False
            )
            .order_by("answered_at", "pk")
            .values_list("interaction_id", "value")
        )
        scores.update((interaction_id, float(value)) for interaction_id, value in rows)
    return scores


def invitation_rows(*, workspace: Workspace, status: str = "") -> QuerySet[Invitation]:
    """The workspace's invitations, newest first, ready for listing or CSV export (for the CLI and views)."""
    invitations = Invitation.objects.filter(workspace=workspace)
    if status:
        invitations = invitations.filter(status=status)
    return (
        invitations.select_related("survey", "agent", "team", "customer")
        .prefetch_related("survey__questions")
        .order_by("-send_after", "-pk")
    )


def invitation_list(*, actor: Actor, status: str = "") -> QuerySet[Invitation]:
    return invitation_rows(workspace=actor.workspace, status=status)


def verbatim_list(
    *, actor: Actor, query: str = "", metric: str = "nps", low: int | None = None, high: int | None = None
) -> QuerySet[Answer]:
    """Free-text answers and comments, newest first, each with the respondent's score on ``metric``.

    Searchable by text and filterable by that score (e.g. NPS 0–6 for detractors' words).
    """
    score = Answer.objects.filter(response=OuterRef("response"), scale=METRIC_SCALE[metric]).values("value")[:1]
    verbatims = answers_for(actor).exclude(text="").annotate(score=Subquery(score))
    if query.strip():
        verbatims = verbatims.filter(text__icontains=query.strip())
    if low is not None:
        verbatims = verbatims.filter(score__gte=low)
    if high is not None:
        verbatims = verbatims.filter(score__lte=high)
    return verbatims.select_related("agent", "customer").order_by("-answered_at", "-pk")


def follow_up_list(*, actor: Actor, status: str = FollowUp.Status.OPEN) -> QuerySet[FollowUp]:
    """Follow-ups the actor works on: a team lead's own and their teams'; managers see all. Oldest due first."""
    follow_ups = FollowUp.objects.filter(workspace=actor.workspace)
    if actor.role == Role.TEAM_LEAD:
        follow_ups = follow_ups.filter(Q(assignee=actor.user) | Q(team__lead=actor.user))
    if status:
        follow_ups = follow_ups.filter(status=status)
    return follow_ups.select_related("customer", "agent", "team", "assignee", "response").order_by("due_at", "pk")


def follow_up_get(*, actor: Actor, follow_up_id: int) -> FollowUp:
    follow_up = follow_up_list(actor=actor, status="").filter(pk=follow_up_id).first()
    if follow_up is None:
        raise Http404
    return follow_up


def response_answers(responses) -> dict[int, list[Answer]]:
    """Response id → its answers in question order."""
    answers: dict[int, list[Answer]] = {}
    rows = Answer.objects.filter(response__in=responses).select_related("question")
    for answer in rows.order_by("response_id", "question__position", "pk"):
        answers.setdefault(answer.response_id, []).append(answer)
    return answers


def customer_feedback(*, actor: Actor, customer: Customer, limit: int = 20) -> list[dict]:
    """The customer's survey responses, newest first, with their answers and follow-up (for the customer page)."""
    responses = list(
        Response.objects.filter(workspace=actor.workspace, customer=customer)
        .filter(answers__in=answers_for(actor))
        .distinct()
        .select_related("survey", "agent", "interaction", "follow_up")
        .order_by("-answered_at")[:limit]
    )
    answers = response_answers(responses)
    return [
        {"response": r, "answers": answers.get(r.pk, []), "follow_up": getattr(r, "follow_up", None)} for r in responses
    ]


def invitation_counts(*, actor: Actor, customer: Customer) -> dict[str, int]:
    rows = Invitation.objects.filter(workspace=actor.workspace, customer=customer).values("status")
    return {row["status"]: row["n"] for row in rows.annotate(n=Count("pk")).order_by()}


def response_rates(*, actor: Actor, filters: MetricFilters) -> list[dict]:
    """Per trigger rule: invitations sent in the period, how many were answered, and the rate with a CI."""
    sent_states = [Invitation.Status.SENT, Invitation.Status.STARTED, Invitation.Status.COMPLETED]
    rows = (
        Invitation.objects.filter(
            workspace=actor.workspace,
            status__in=sent_states,
            send_after__date__gte=filters.start,
            send_after__date__lte=filters.end,
        )
        .values("trigger_id", "trigger__name")
        .annotate(
            sent=Count("pk"),
            answered=Count("pk", filter=Q(status__in=[Invitation.Status.STARTED, Invitation.Status.COMPLETED])),
        )
        .order_by("trigger__name")
    )
    return [
        {
            "trigger": row["trigger__name"] or "–",
            "sent": row["sent"],
            "answered": row["answered"],
            "rate": proportion_estimate(row["answered"], row["sent"]),
        }
        for row in rows
    ]


def survey_list(*, actor: Actor) -> list[Survey]:
    """The workspace's surveys, each with its question, enabled-trigger and response counts."""
    surveys = list(Survey.objects.filter(workspace=actor.workspace))
    ids = [s.pk for s in surveys]
    questions = dict(
        Question.objects.filter(survey_id__in=ids).values("survey").annotate(n=Count("pk")).values_list("survey", "n")
    )
    triggers = dict(
        TriggerRule.objects.filter(survey_id__in=ids, active=True)
        .values("survey")
        .annotate(n=Count("pk"))
        .values_list("survey", "n")
    )
    responses = dict(
        Response.objects.filter(survey_id__in=ids).values("survey").annotate(n=Count("pk")).values_list("survey", "n")
    )
    for survey in surveys:
        survey.question_count = questions.get(survey.pk, 0)
        survey.trigger_count = triggers.get(survey.pk, 0)
        survey.response_count = responses.get(survey.pk, 0)
    return surveys


def survey_get(*, actor: Actor, survey_id: int) -> Survey:
    survey = Survey.objects.filter(workspace=actor.workspace, pk=survey_id).first()
    if survey is None:
        raise Http404
    return survey


def answered_question_ids(*, survey: Survey) -> set[int]:
    """The survey's questions that already have answers (their key, type and scale are fixed)."""
    return set(Answer.objects.filter(question__survey=survey).values_list("question_id", flat=True).distinct())


def trigger_get(*, survey: Survey, trigger_id: int) -> TriggerRule:
    trigger = TriggerRule.objects.filter(survey=survey, pk=trigger_id).first()
    if trigger is None:
        raise Http404
    return trigger
