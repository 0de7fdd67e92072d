"""Answers and responses as the actor may see them: verbatims, a response's answers, a customer's feedback."""

from collections.abc import Iterable
from datetime import datetime

from django.db.models import OuterRef, QuerySet, Subquery

from kohtaamo.db.filters import filter_given
from kohtaamo.timeline.models import Customer
from kohtaamo.workspaces.access import Actor, Role, get_visible_or_404

from ..models import Answer, Response

# Metric name → the one scale its answers are given on (the legacy 1–5 effort scale is never mixed in).
METRIC_SCALE = {"nps": "nps_0_10", "csat": "csat_1_5", "ces": "ces_1_7"}


def _seen_by[M: (Answer, Response)](model: type[M], actor: Actor) -> QuerySet[M]:
    """The role rule, once: the workspace's rows, or for an agent only those about their own contacts."""
    rows = model.objects.of(actor)
    if actor.role == Role.AGENT:
        rows = rows.filter(agent__user=actor.user)
    return rows


def answers_for(actor: Actor) -> QuerySet[Answer]:
    """The answers the actor may see."""
    return _seen_by(Answer, actor)


def responses_for(actor: Actor) -> QuerySet[Response]:
    """The responses the actor may see."""
    return _seen_by(Response, actor)


def verbatim_list(
    *, actor: Actor, query: str = "", metric: str = "nps", low: int | None = None, high: int | None = None,
    topic: str = "", sentiment: str = "",
) -> QuerySet[Answer]:  # fmt: skip
    """Free-text answers and comments, newest first, each with the respondent's score on ``metric``.

    Searchable by text and filterable by that score (e.g. NPS 0–6 for detractors' words), by a topic the
    comment mentions and by its sentiment (as the insights app read them: ``Answer.text_reading``).
    """
    score = (
        Answer.objects.of(actor).filter(response=OuterRef("response"), scale=METRIC_SCALE[metric]).values("value")[:1]
    )
    verbatims = answers_for(actor).exclude(text="").annotate(score=Subquery(score))
    if query.strip():
        verbatims = verbatims.filter(text__icontains=query.strip())
    if low is not None:
        verbatims = verbatims.filter(score__gte=low)
    if high is not None:
        verbatims = verbatims.filter(score__lte=high)
    if topic:
        verbatims = verbatims.filter(text_reading__mentions__topic=topic)
    if sentiment:
        verbatims = verbatims.filter(text_reading__sentiment=sentiment)
    return verbatims.select_related("agent", "customer").order_by("-answered_at", "-pk")


def response_answers(*, actor: Actor, responses: Iterable[Response]) -> dict[int, list[Answer]]:
    """Response id → its answers in question order."""
    answers: dict[int, list[Answer]] = {}
    rows = Answer.objects.of(actor).filter(response__in=responses).select_related("question")
    for answer in rows.order_by("response_id", "question__position", "pk"):
        answers.setdefault(answer.response_id, []).append(answer)
    return answers


def customer_feedback(*, actor: Actor, customer: Customer, limit: int = 20) -> list[dict]:
    """The customer's survey responses, newest first, with their answers and follow-up (for the customer page)."""
    responses = list(
        Response.objects.of(actor)
        .filter(customer=customer)
        .filter(answers__in=answers_for(actor))
        .distinct()
        .select_related("survey", "agent", "interaction", "follow_up")
        .order_by("-answered_at")[:limit]
    )
    answers = response_answers(actor=actor, responses=responses)
    return [
        {"response": r, "answers": answers.get(r.pk, []), "follow_up": getattr(r, "follow_up", None)} for r in responses
    ]


def responses_list(
    *,
    actor: Actor,
    customer_id: int | None = None,
    survey: str = "",
    answered_from: datetime | None = None,
    answered_to: datetime | None = None,
    completed: bool | None = None,
) -> QuerySet[Response]:
    """Responses for the API's list and export, with their answers and survey loaded."""
    rows = responses_for(actor).select_related("survey", "invitation").prefetch_related("answers__response__invitation")
    return filter_given(rows, customer_id=customer_id, survey__key=survey, answered_at__gte=answered_from,
                        answered_at__lt=answered_to, completed=completed)  # fmt: skip


def response_get(*, actor: Actor, response_id: int) -> Response:
    rows = responses_for(actor).select_related("survey", "invitation").prefetch_related("answers__response__invitation")
    return get_visible_or_404(rows, actor, response_id)


def answers_list(
    *, actor: Actor, response_id: int | None = None, question: str = "", scale: str = "",
    answered_from: datetime | None = None, answered_to: datetime | None = None,
) -> QuerySet[Answer]:  # fmt: skip
    """Answers one by one (a BI tool's long table), for the API's list and export."""
    rows = answers_for(actor).select_related("response__invitation")
    return filter_given(rows, response_id=response_id, question_key=question, scale=scale,
                        answered_at__gte=answered_from, answered_at__lt=answered_to)  # fmt: skip
