"""Calibration sessions and coaching sessions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kohtaamo.timeline.models import Interaction
from kohtaamo.workspaces.auth import workspace_view

from ..forms import CalibrationForm, CoachingForm
from ..selectors import calibration, reports, scope
from ..services import sessions
from ..services.sampling import quality_plan_get


@workspace_view("calibrate")
def calibration_list(request, actor):
    form = CalibrationForm(request.POST or None, workspace=actor.workspace)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        found = list(Interaction.objects.filter(workspace=actor.workspace, pk__in=data["interactions"]))
        try:
            if len(found) != len(data["interactions"]):
                raise ValidationError({"interactions": _("Some of these interactions do not exist.")})
            session = sessions.calibration_session_create(
                workspace=actor.workspace,
                name=data["name"],
                version=data["scorecard"].current,
                interactions=found,
                participants=data["participants"],
                reference=data["reference"],
                created_by=actor.user,
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            return redirect("quality-calibration", ws=actor.workspace.slug, session_id=session.pk)
    context = {"sessions": calibration.calibration_sessions(actor=actor), "form": form}
    return render(request, "quality/calibrations.html", context, status=422 if form.errors else 200)


@workspace_view("calibrate")
def calibration_detail(request, actor, session_id: int):
    session = calibration.calibration_get(actor=actor, session_id=session_id)
    items = calibration.calibration_board(actor=actor, session=session)
    visible = calibration.stats_visible(actor, session, items)
    context = {
        "session": session,
        "items": items,
        "participant": session.participants.filter(pk=actor.user.pk).exists(),
        "stats": calibration.calibration_stats(session=session, language=get_language()) if visible else None,
    }
    return render(request, "quality/calibration.html", context)


@require_POST
@workspace_view("calibrate")
def calibration_score(request, actor, session_id: int, interaction_id: int):
    session = calibration.calibration_get(actor=actor, session_id=session_id)
    interaction = session.interactions.filter(pk=interaction_id).first()
    if interaction is None or not session.participants.filter(pk=actor.user.pk).exists():
        raise Http404
    try:
        evaluation = sessions.calibration_evaluation_open(
            session=session, interaction=interaction, evaluator=actor.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("quality-calibration", ws=actor.workspace.slug, session_id=session.pk)
    return redirect("quality-evaluation", ws=actor.workspace.slug, evaluation_id=evaluation.pk)


@require_POST
@workspace_view("calibrate")
def calibration_close(request, actor, session_id: int):
    session = calibration.calibration_get(actor=actor, session_id=session_id)
    if session.created_by_id != actor.user.pk and not actor.can("manage_scorecards"):
        raise Http404
    sessions.calibration_session_close(session=session)
    return redirect("quality-calibration", ws=actor.workspace.slug, session_id=session.pk)


@require_POST
@workspace_view("coach")
def coaching_new(request, actor, agent_id: int):
    agent = scope.agent_get(actor=actor, agent_id=agent_id)
    plan = quality_plan_get(workspace=actor.workspace)
    texts = reports.question_texts(plan.scorecard, get_language())
    recent = scope.evaluations_visible(actor).filter(agent=agent).exclude(status="draft").order_by("-interaction_at")
    recent = list(recent[:20])
    form = CoachingForm(
        request.POST,
        questions=[(qid, text) for qid, (text, _section) in texts.items()],
        evaluations=[(str(e.pk), str(e.pk)) for e in recent],
    )
    if not form.is_valid():
        messages.error(request, _("Write a goal for the coaching session."))
        return redirect("quality-agent", ws=actor.workspace.slug, agent_id=agent.pk)
    data = form.cleaned_data
    sessions.coaching_session_create(
        agent=agent,
        coach=actor.user,
        goal=data["goal"],
        notes=data["notes"],
        actions=data["actions"],
        follow_up_on=data["follow_up_on"],
        evaluations=[e for e in recent if str(e.pk) in data["evaluations"]],
        question_ids=data["questions"],
    )
    messages.success(request, _("Coaching session saved."))
    return redirect("quality-agent", ws=actor.workspace.slug, agent_id=agent.pk)
