"""The survey editor for CX managers: surveys with their questions, and the rules that send them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.auth import workspace_view

from ..builder import (
    LANGUAGE_NAMES,
    QuestionDraft,
    drafts_apply,
    drafts_from_post,
    drafts_of,
    drafts_refused,
    drafts_validate,
    error_summary,
)
from ..forms import SurveyForm, TriggerForm
from ..models import QuestionType, Survey
from ..selectors.surveys import answered_question_ids, survey_get, trigger_get
from ..selectors.surveys import survey_list as surveys_of
from ..services.surveys import SurveyInvalid, survey_create, survey_update, trigger_create, trigger_update
from .previews import preview_choice


@workspace_view("manage_surveys")
def survey_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    return render(request, "feedback/surveys.html", {"surveys": surveys_of(actor=actor)})


@workspace_view("manage_surveys")
def survey_edit(request: HttpRequest, actor: Actor, survey_id: int | None = None) -> HttpResponse:
    """The survey builder: every button posts the whole page, so nothing typed is lost; "save" saves."""
    survey = survey_get(actor=actor, survey_id=survey_id) if survey_id else None
    answered = answered_question_ids(actor=actor, survey=survey) if survey else set()
    status, focus = 200, ""
    if request.method == "POST":
        form = SurveyForm(request.POST, actor=actor, survey=survey)
        drafts = drafts_from_post(request.POST, answered)
        action = request.POST.get("action", "save")
        if action == "save":
            saved = _save(actor, survey, form, drafts)
            if saved is not None:
                messages.success(request, _("The survey was saved."))
                return redirect("feedback-survey", ws=actor.workspace.slug, survey_id=saved.pk)
            status = 422
        else:
            focus = drafts_apply(drafts, action)
    elif survey is not None:
        initial = {"name": survey.name, "active": survey.active, "reminder_days": survey.reminder_days}
        form = SurveyForm(initial=initial, actor=actor, survey=survey)
        drafts = drafts_of(survey, answered)
    else:
        form = SurveyForm(actor=actor)
        drafts = [QuestionDraft(type=QuestionType.CSAT, required=True)]
    context = {
        "survey": survey,
        "form": form,
        "drafts": drafts,
        "focus": focus,
        "error_summary": error_summary(drafts),
        "question_types": QuestionType.choices,
        "text_languages": LANGUAGE_NAMES,
        "preview": preview_choice(request.POST if request.method == "POST" else request.GET, len(drafts)),
        "triggers": survey.triggers.prefetch_related("queues") if survey else [],
    }
    return render(request, "feedback/survey_edit.html", context, status=status)


def _save(actor: Actor, survey: Survey | None, form: SurveyForm, drafts: list[QuestionDraft]) -> Survey | None:
    """Save the survey, or put the refusals on the form and the drafts and return None."""
    specs = drafts_validate(drafts)
    if not form.is_valid() or specs is None:
        return None
    if not specs:
        form.add_error(None, _("A survey needs at least one question."))
        return None
    data = form.cleaned_data
    try:
        if survey is None:
            reminder = {} if data["reminder_days"] is None else {"reminder_days": data["reminder_days"]}
            return survey_create(
                workspace=actor.workspace, key=data["key"], name=data["name"], active=data["active"], questions=specs,
                **reminder,
            )  # fmt: skip
        return survey_update(
            survey=survey, name=data["name"], active=data["active"], questions=specs,
            reminder_days=data["reminder_days"],
        )  # fmt: skip
    except SurveyInvalid as invalid:
        drafts_refused(drafts, invalid.errors)
    except ValidationError as invalid:
        form.add_error(None, invalid.messages)
    return None


@workspace_view("manage_surveys")
def trigger_edit(request: HttpRequest, actor: Actor, survey_id: int, trigger_id: int | None = None) -> HttpResponse:
    survey = survey_get(actor=actor, survey_id=survey_id)
    trigger = trigger_get(actor=actor, survey=survey, trigger_id=trigger_id) if trigger_id else None
    if request.method == "POST":
        form = TriggerForm(request.POST, actor=actor)
        if form.is_valid():
            try:
                if trigger is None:
                    trigger_create(survey=survey, **form.cleaned_data)
                else:
                    trigger_update(trigger=trigger, **form.cleaned_data)
            except ValidationError as invalid:
                form.add_error(None, invalid.messages)
            else:
                messages.success(request, _("The trigger rule was saved."))
                return redirect("feedback-survey", ws=actor.workspace.slug, survey_id=survey.pk)
    else:
        initial = TriggerForm.initial_for(trigger) if trigger else None
        form = TriggerForm(initial=initial, actor=actor)
    context = {"survey": survey, "trigger": trigger, "form": form}
    return render(request, "feedback/trigger_edit.html", context, status=422 if request.method == "POST" else 200)


@require_POST
@workspace_view("manage_surveys")
def trigger_toggle(request: HttpRequest, actor: Actor, survey_id: int, trigger_id: int) -> HttpResponse:
    """Disable an enabled rule or enable a disabled one, straight from the survey page."""
    survey = survey_get(actor=actor, survey_id=survey_id)
    trigger = trigger_get(actor=actor, survey=survey, trigger_id=trigger_id)
    trigger_update(trigger=trigger, active=not trigger.active)
    if trigger.active:
        messages.success(request, _("The trigger rule is enabled."))
    else:
        messages.success(request, _("The trigger rule is disabled."))
    return redirect("feedback-survey", ws=actor.workspace.slug, survey_id=survey.pk)
