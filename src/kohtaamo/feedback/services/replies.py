"""A customer's SMS reply to a survey invitation: a score for its NPS question, or a comment.

The reply is matched to the latest SMS invitation sent to the sender's number that has not expired. A
score ("9", " 9 ", "9/10") answers the survey's first NPS question and completes the response (or leaves
it partly answered when other questions are required); a second score is ignored, the first answer
stands. Anything else is kept as a comment (``responses.response_comment_add``). A number no open
invitation went to is ignored: the provider gets 200 either way and nothing is stored.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from kohtaamo.feedback.models import Invitation, QuestionType, SendBy
from kohtaamo.feedback.services.responses import (
    AnswersInvalid,
    InvitationClosed,
    response_comment_add,
    response_save,
)
from kohtaamo.feedback.sms import comment_text, reply_score, sender_number
from kohtaamo.workspaces.models import Workspace

REPLIED_TO = (Invitation.Status.SENT, Invitation.Status.STARTED, Invitation.Status.COMPLETED)


@dataclass(frozen=True)
class ReplyOutcome:
    # answered, comment, already_answered, ignored
    result: str
    invitation_id: int | None = None

    def as_dict(self) -> dict:
        return {"result": self.result, "invitation": self.invitation_id}


IGNORED = ReplyOutcome("ignored")


def open_sms_invitation(*, workspace: Workspace, phone: str, now: datetime) -> Invitation | None:
    """The latest unexpired SMS invitation sent to ``phone`` (E.164)."""
    return (
        Invitation.objects.of(workspace)
        .filter(delivery=SendBy.SMS, phone=phone, status__in=REPLIED_TO, sent_at__isnull=False, expires_at__gt=now)
        .select_related("survey", "workspace")
        .order_by("-sent_at", "-pk")
        .first()
    )


def sms_reply_receive(*, workspace: Workspace, sender: str, text: str, now: datetime | None = None) -> ReplyOutcome:
    """Record one inbound SMS from ``sender`` (any phone format) with ``text``; see the module's docstring."""
    now = now or timezone.now()
    phone = sender_number(sender)
    invitation = open_sms_invitation(workspace=workspace, phone=phone, now=now) if phone else None
    if invitation is None:
        return IGNORED
    score = reply_score(text)
    question = invitation.survey.questions.filter(type=QuestionType.NPS).order_by("position", "pk").first()
    try:
        if score is not None and question is not None:
            if invitation.status == Invitation.Status.COMPLETED:
                return ReplyOutcome("already_answered", invitation.pk)
            answers = {question.key: str(score)}
            try:
                response_save(invitation=invitation, answers=answers, complete=True, now=now)
            except AnswersInvalid:  # the survey requires more than the score: partly answered
                response_save(invitation=invitation, answers=answers, complete=False, now=now)
            return ReplyOutcome("answered", invitation.pk)
        comment = comment_text(text)
        if not comment:
            return ReplyOutcome("ignored", invitation.pk)
        response_comment_add(invitation=invitation, text=comment, now=now)
    except InvitationClosed:  # answered on the web page, or expired, between the lookup and the lock
        return ReplyOutcome("already_answered", invitation.pk)
    return ReplyOutcome("comment", invitation.pk)
