"""What feedback tells integrations: a response, a detractor, a follow-up past its due time.

The data of each event is the response or follow-up as the API shows it (ids, scores, the customer's
comment), so a receiver needs no second call for the common case.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from kohtaamo.feedback.models import Answer, FollowUp, Response
from kohtaamo.notify.services.events import events_publish, subscribers
from kohtaamo.workspaces.models import Workspace


def response_event_data(response: Response) -> dict:
    answers = [
        {"question": a.question_key, "scale": a.scale, "value": a.value, "choice": a.choice, "text": a.text}
        for a in Answer.objects.of(response.workspace).filter(response=response).order_by("question_key")
    ]
    return {
        "id": response.pk, "survey": response.survey.key if response.survey else None,
        "invitation_id": response.invitation_id, "interaction_id": response.interaction_id,
        "customer_id": response.customer_id, "agent_id": response.agent_id, "channel": response.channel,
        "language": response.language, "answered_at": response.answered_at.isoformat(), "answers": answers,
    }  # fmt: skip


def response_published(*, response: Response, follow_up: FollowUp | None) -> None:
    """``response.created`` for a completed response; ``detractor.created`` too when it opened a follow-up."""
    data = response_event_data(response)
    events_publish(workspace=response.workspace, event="response.created", items=[(response.customer_id, data)])
    if follow_up is None:
        return
    scores = [a["value"] for a in data["answers"] if a["scale"] in ("nps_0_10", "csat_1_5") and a["value"] is not None]
    comment = next((a["text"] for a in data["answers"] if a["text"]), "")
    detractor = {**follow_up_event_data(follow_up), "response": data, "score": scores[0] if scores else None,
                 "survey": data["survey"], "comment": comment}  # fmt: skip
    events_publish(workspace=response.workspace, event="detractor.created", items=[(response.customer_id, detractor)])


def follow_up_event_data(follow_up: FollowUp) -> dict:
    return {
        "id": follow_up.pk, "response_id": follow_up.response_id, "customer_id": follow_up.customer_id,
        "agent_id": follow_up.agent_id, "team_id": follow_up.team_id, "reason": follow_up.reason,
        "status": follow_up.status, "due_at": follow_up.due_at.isoformat(),
    }  # fmt: skip


@transaction.atomic
def follow_ups_overdue_publish(*, workspace_id: int, now: datetime | None = None) -> int:
    """``followup.overdue`` once for each open follow-up past its due time; returns how many."""
    workspace = Workspace.objects.filter(pk=workspace_id).first()
    if workspace is None:
        return 0
    now = now or timezone.now()
    due = (
        FollowUp.objects.of(workspace)
        .select_for_update()
        .filter(status=FollowUp.Status.OPEN, due_at__lte=now, overdue_published_at__isnull=True)
    )
    rows = list(due)
    if not rows:
        return 0
    if subscribers(workspace, "followup.overdue"):
        items = [(f.customer_id, follow_up_event_data(f)) for f in rows]
        events_publish(workspace=workspace, event="followup.overdue", items=items, now=now)
    FollowUp.objects.of(workspace).filter(pk__in=[f.pk for f in rows]).update(overdue_published_at=now)
    return len(rows)
