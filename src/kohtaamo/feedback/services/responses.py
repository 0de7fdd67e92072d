"""Recording a customer's answers from the survey page, and opening the follow-up a detractor deserves."""

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timedelta, tzinfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kohtaamo.feedback.extensions import answers_written
from kohtaamo.feedback.models import Answer, FollowUp, Invitation, Question, QuestionType, Response, Survey
from kohtaamo.feedback.services.events import response_published
from kohtaamo.feedback.services.rollups import rollups_follow
from kohtaamo.feedback.tasks import follow_ups_overdue_check
from kohtaamo.lib.cxmetrics import get_scale
from kohtaamo.lib.wellformed import whole_number
from kohtaamo.notify.services.events import subscribers
from kohtaamo.timeline.redaction import redactor_of
from kohtaamo.workspaces.models import Team, Workspace

MAX_TEXT_ANSWER = 4000
# Where an SMS comment is kept when the survey has no free-text question.
SMS_COMMENT_KEY = "sms_comment"
# The scales the detractor rule reads; other answers can never open a follow-up.
DETRACTOR_SCALES = ("csat_1_5", "nps_0_10")


class InvitationClosed(Exception):
    """The invitation was already answered or has expired; ``reason`` is "used" or "expired"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class AnswersInvalid(Exception):
    """Some answers do not fit their question; ``errors`` maps the question key to a message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def invitation_check_open(invitation: Invitation, *, now: datetime | None = None) -> None:
    """Refuse an invitation that was answered already or has expired."""
    if invitation.status == Invitation.Status.COMPLETED:
        raise InvitationClosed("used")
    if invitation.expires_at <= (now or timezone.now()):
        raise InvitationClosed("expired")


def parse_answer(question: Question, raw: str) -> dict | None:
    """The stored fields of one raw form value, None when left empty; raises ValueError with the reason."""
    raw = (raw or "").strip()
    if not raw:
        return None
    if question.is_scored:
        scale = get_scale(question.scale)
        value = whole_number(raw, low=scale.low, high=scale.high)
        if value is None:
            raise ValueError(_("Choose a number from %(low)s to %(high)s.") % {"low": scale.low, "high": scale.high})
        return {"value": value}
    if question.type == QuestionType.SINGLE_CHOICE:
        if raw not in {choice["key"] for choice in question.choices}:
            raise ValueError(_("Choose one of the options."))
        return {"choice": raw}
    if len(raw) > MAX_TEXT_ANSWER:
        raise ValueError(_("Please shorten your answer to %(limit)s characters.") % {"limit": MAX_TEXT_ANSWER})
    return {"text": raw}


def answer_facts(response: Response) -> dict:
    """The response's interaction facts that every answer row carries (see Answer's docstring)."""
    return {
        "workspace_id": response.workspace_id,
        "interaction_id": response.interaction_id,
        "customer_id": response.customer_id,
        "agent_id": response.agent_id,
        "team_id": response.team_id,
        "queue_id": response.queue_id,
        "channel": response.channel,
        "contact_reason": response.contact_reason,
        "language": response.language,
        "answered_at": response.answered_at,
        **answer_days(response.answered_at, response.workspace.tz),
    }


def answer_days(moment: datetime, tz: tzinfo) -> dict[str, date]:
    """The answer's day, week (Monday) and month (first day) in the workspace's time zone."""
    day = timezone.localtime(moment, tz).date()
    return {
        "answered_on": day,
        "answered_week": day - timedelta(days=day.weekday()),
        "answered_month": day.replace(day=1),
    }


def _response_for(invitation: Invitation, now: datetime) -> Response:
    response = Response.objects.of(invitation.workspace).filter(invitation=invitation).first()
    if response is not None:
        return response
    interaction = invitation.interaction
    return Response.objects.create(
        workspace=invitation.workspace,
        survey=invitation.survey,
        invitation=invitation,
        interaction=interaction,
        customer_id=invitation.customer_id,
        case_id=invitation.case_id,
        agent_id=invitation.agent_id,
        team_id=invitation.team_id,
        queue_id=invitation.queue_id,
        channel=invitation.channel,
        contact_reason=interaction.contact_reason if interaction else "",
        language=invitation.language,
        answered_at=now,
    )


@transaction.atomic
def response_save(
    *, invitation: Invitation, answers: Mapping[str, str], complete: bool, now: datetime | None = None
) -> Response:
    """Store the answers given so far (a partial save keeps them); ``complete`` closes the invitation.

    Runs under a row lock on the invitation, so a double submit waits for the first and then finds the
    invitation used instead of storing the answers twice.
    """
    now = now or timezone.now()
    invitation = (
        Invitation.objects.of(invitation.workspace)
        .select_for_update(of=("self",))
        .select_related("workspace", "interaction")
        .get(pk=invitation.pk)
    )
    invitation_check_open(invitation, now=now)
    questions = {q.key: q for q in invitation.survey.questions.all()}
    parsed, errors = {}, {}
    for key, raw in answers.items():
        if key not in questions:
            continue
        try:
            parsed[key] = parse_answer(questions[key], raw)
        except ValueError as error:
            errors[key] = str(error)
    response = _response_for(invitation, now)
    if complete:
        for key, question in questions.items():
            if question.required and parsed.get(key) is None and not _has_answer(response, key):
                errors[key] = str(_("Please answer this question."))
    if errors:
        raise AnswersInvalid(errors)
    response.answered_at = now
    # The response's answers before and after this save: the roll-ups change by the difference.
    with rollups_follow(workspace=invitation.workspace, answers=response.answers.all()):
        _answers_store(response, questions, parsed, now)
    answers_written(invitation.workspace)
    response.completed = complete
    response.save(update_fields=["answered_at", "completed"])
    invitation.status = Invitation.Status.COMPLETED if complete else Invitation.Status.STARTED
    invitation.save(update_fields=["status"])
    if complete:
        follow_up = follow_up_open_if_detractor(response=response, now=now)
        response_published(response=response, follow_up=follow_up)
    return response


def _answers_store(response: Response, questions: dict[str, Question], parsed: dict, now: datetime) -> None:
    """Write the parsed answers (None: the question was emptied) and give the whole response one time."""
    facts = answer_facts(response)
    redactor = redactor_of(response.workspace)
    for key, fields in parsed.items():
        question = questions[key]
        if fields is None:
            response.answers.filter(question_key=key).delete()
            continue
        kinds: tuple[str, ...] = ()
        if redactor is not None and fields.get("text"):
            # A customer's own words may carry their email or number: masked before the row is written.
            redaction = redactor.redact(fields["text"])
            fields, kinds = {**fields, "text": redaction.text}, redaction.kinds
        Answer.objects.update_or_create(
            workspace_id=response.workspace_id,
            response=response,
            question_key=key,
            defaults={
                "question": question,
                "question_type": question.type,
                "scale": question.scale,
                "value": fields.get("value"),
                "choice": fields.get("choice", ""),
                "text": fields.get("text", ""),
                "redacted_kinds": list(kinds),
                **facts,
            },
        )
    # Every answer of the response shares its latest time, so a response never straddles two days.
    response.answers.update(
        answered_at=now, **{k: facts[k] for k in ("answered_on", "answered_week", "answered_month")}
    )


def _has_answer(response: Response, key: str) -> bool:
    return response.answers.filter(question_key=key).exists()


def detractor_reason(response: Response) -> str:
    """Why this response needs a call-back ("" when it does not), by the survey's thresholds."""
    answers = response.answers.filter(scale__in=DETRACTOR_SCALES, value__isnull=False).order_by("scale")
    return detractor_reason_of(response.survey, answers.values_list("scale", "value"))


def detractor_reason_of(survey: Survey | None, scores: Iterable[tuple[str, int | None]]) -> str:
    """The reason for the (scale, value) scores of one response's scored answers, in the order given."""
    nps_max = survey.detractor_nps_max if survey else 6
    csat_max = survey.detractor_csat_max if survey else 2
    reasons = []
    for scale, value in scores:
        if value is None:
            continue
        if scale == "csat_1_5" and value <= csat_max:
            reasons.append(str(_("CSAT %(value)s") % {"value": value}))
        if scale == "nps_0_10" and value <= nps_max:
            reasons.append(str(_("NPS %(value)s") % {"value": value}))
    return ", ".join(reasons)


def follow_up_open_if_detractor(*, response: Response, now: datetime | None = None) -> FollowUp | None:
    """Give the agent's team lead a call-back task for a detractor's response (once per response)."""
    reason = detractor_reason(response)
    if not reason or FollowUp.objects.of(response.workspace).filter(response=response).exists():
        return None
    team = response.team or (response.agent.team if response.agent else None)
    follow_up = follow_up_for(
        response, reason, now or timezone.now(), customer_id=response.customer_id, agent_id=response.agent_id, team=team
    )
    follow_up.save()
    follow_ups_watch(response.workspace, [follow_up])
    return follow_up


def follow_up_for(
    response: Response, reason: str, now: datetime, *, customer_id: int | None, agent_id: int | None, team: Team | None
) -> FollowUp:
    """The (unsaved, validated) call-back task for ``response`` by ``team``'s lead, about the customer and
    agent the response had when the low score came (an import may re-identify it later)."""
    days = response.survey.follow_up_days if response.survey else 2
    follow_up = FollowUp(
        workspace_id=response.workspace_id,
        response=response,
        customer_id=customer_id,
        agent_id=agent_id,
        team=team,
        assignee=team.lead if team else None,
        reason=reason,
        due_at=now + timedelta(days=days),
    )
    # The related rows come from the response itself; re-checking that each exists would cost a query apiece.
    follow_up.full_clean(exclude=["workspace", "response", "customer", "agent", "team", "assignee", "closed_by"])
    return follow_up


def follow_ups_watch(workspace: Workspace, follow_ups: list[FollowUp]) -> None:
    """After the commit, check the new follow-ups when they fall due (when anyone subscribes to that)."""
    if not follow_ups or not subscribers(workspace, "followup.overdue"):
        return

    def check_at(due_at: datetime) -> Callable[[], object]:
        return lambda: follow_ups_overdue_check.using(run_after=due_at).enqueue(workspace.pk)

    for due_at in sorted({f.due_at for f in follow_ups}):
        transaction.on_commit(check_at(due_at))


@transaction.atomic
def response_comment_add(*, invitation: Invitation, text: str, now: datetime | None = None) -> Response:
    """Keep a customer's words (an SMS reply that is not a score) with their response to ``invitation``.

    They go to the survey's first free-text question, or, when it has none, to an answer of their own
    (``sms_comment``). A second comment is added below the first; the same text again (a provider
    delivering a reply twice) changes nothing. An invitation still only sent becomes *partly answered*.
    """
    now = now or timezone.now()
    invitation = (
        Invitation.objects.of(invitation.workspace)
        .select_for_update(of=("self",))
        .select_related("workspace", "interaction", "survey")
        .get(pk=invitation.pk)
    )
    if invitation.expires_at <= now:
        raise InvitationClosed("expired")
    question = invitation.survey.questions.filter(type=QuestionType.TEXT).order_by("position", "pk").first()
    key = question.key if question else SMS_COMMENT_KEY
    response = _response_for(invitation, now)
    existing = response.answers.filter(question_key=key).first()
    if existing is not None:
        if text not in existing.text.split("\n"):
            existing.text = f"{existing.text}\n{text}"[:MAX_TEXT_ANSWER] if existing.text else text
            existing.save(update_fields=["text"])
            answers_written(invitation.workspace)
        return response
    Answer.objects.create(
        response=response, question=question, question_key=key, question_type=QuestionType.TEXT,
        text=text[:MAX_TEXT_ANSWER], **answer_facts(response),
    )  # fmt: skip
    answers_written(invitation.workspace)
    if invitation.status == Invitation.Status.SENT:
        invitation.status = Invitation.Status.STARTED
        invitation.save(update_fields=["status"])
    return response
