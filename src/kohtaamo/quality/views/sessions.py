"""Calibration sessions and coaching sessions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.auth import workspace_view

from ..forms import CalibrationForm, CoachingForm
from ..selectors import calibration, coaching, scope
from ..services import sessions


@workspace_view("calibrate")
def calibration_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = CalibrationForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        found = calibration.calibration_interactions(actor=actor, interaction_ids=data["interactions"])
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
def calibration_detail(request: HttpRequest, actor: Actor, session_id: int) -> HttpResponse:
    page = calibration.calibration_page(actor=actor, session_id=session_id, language=get_language())
    context = {"session": page.session, "items": page.items, "participant": page.participant, "stats": page.stats}
    return render(request, "quality/calibration.html", context)


@require_POST
@workspace_view("calibrate")
def calibration_score(request: HttpRequest, actor: Actor, session_id: int, interaction_id: int) -> HttpResponse:
    session = calibration.calibration_get(actor=actor, session_id=session_id)
    interaction = calibration.calibration_interaction_get(actor=actor, session=session, interaction_id=interaction_id)
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
def calibration_close(request: HttpRequest, actor: Actor, session_id: int) -> HttpResponse:
    session = calibration.calibration_get(actor=actor, session_id=session_id)
    if not calibration.can_close(actor, session):
        raise Http404
    sessions.calibration_session_close(session=session)
    return redirect("quality-calibration", ws=actor.workspace.slug, session_id=session.pk)


@require_POST
@workspace_view("coach")
def coaching_new(request: HttpRequest, actor: Actor, agent_id: int) -> HttpResponse:
    agent = scope.agent_get(actor=actor, agent_id=agent_id)
    choices = coaching.coaching_choices(actor=actor, agent=agent, language=get_language())
    form = CoachingForm(
        request.POST,
        questions=choices.questions,
        evaluations=[(str(e.pk), str(e.pk)) for e in choices.evaluations],
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
        evaluations=[e for e in choices.evaluations if str(e.pk) in data["evaluations"]],
        question_ids=data["questions"],
    )
    messages.success(request, _("Coaching session saved."))
    return redirect("quality-agent", ws=actor.workspace.slug, agent_id=agent.pk)
