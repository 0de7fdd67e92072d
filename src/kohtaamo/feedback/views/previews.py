"""Staff previews of the customer's survey page: the builder's live phone frame and an invitation's preview.

Both render the public page's own template (views/survey_page.py) inside a same-origin frame and only
read: nothing is answered, no status changes, no response row is created. These are the only pages the
site lets itself frame, so they relax the clickjacking headers to same-origin and nothing more.
"""

from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.csp import CSP
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_http_methods, require_safe

from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.auth import workspace_view

from ..builder import drafts_from_post, drafts_of
from ..models import Invitation, Question, Survey
from ..selectors.invitations import invitation_get
from ..selectors.surveys import survey_get
from ..services.emails import invitation_message
from ..services.invitations import SUPPORTED_LANGUAGES
from ..services.sms import invitation_sms_text
from .survey_page import closed_page, render_step, resume_step, step_context, stored_answers


def _frameable(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """May be shown in a frame of this site's own pages (and of no other site)."""
    policy: dict[str, Any] = {**settings.SECURE_CSP, "frame-ancestors": [CSP.SELF]}
    return xframe_options_sameorigin(csp_override(policy)(view))


def preview_choice(data: Mapping[str, str], total: int) -> dict:
    """The language and question the builder's preview shows (``preview-lang``, ``preview-step``)."""
    language = data.get("preview-lang", "")
    raw = data.get("preview-step", "")
    step = int(raw) if raw.isdigit() else 0
    return {"lang": language if language in SUPPORTED_LANGUAGES else "fi", "step": min(step, max(total - 1, 0))}


def _empty(request: HttpRequest, language: str) -> HttpResponse:
    with translation.override(language):
        return render(request, "feedback/public/preview_empty.html", {"language": language})


@_frameable
@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view("manage_surveys")
def survey_preview(request: HttpRequest, actor: Actor, survey_id: int | None = None) -> HttpResponse:
    """The builder's phone frame: the questions as posted (POST) or as saved (GET), one step in one language."""
    survey = survey_get(actor=actor, survey_id=survey_id) if survey_id else Survey(workspace=actor.workspace)
    data = request.POST if request.method == "POST" else request.GET
    if request.method == "POST":
        questions: list[Question] = [d.as_question(n) for n, d in enumerate(drafts_from_post(data, set()))]
    elif survey.pk:
        questions = [d.as_question(n) for n, d in enumerate(drafts_of(survey, set()))]
    else:
        questions = []
    choice = preview_choice(data, len(questions))
    if not questions:
        return _empty(request, choice["lang"])
    context = step_context(
        organisation=actor.workspace.name,
        survey=survey,
        questions=questions,
        language=choice["lang"],
        step=choice["step"],
        preview="draft",
    )
    return render_step(request, context)


@require_safe
@workspace_view("manage_surveys")
def invitation_preview(request: HttpRequest, actor: Actor, invitation_id: int) -> HttpResponse:
    """What this customer receives and sees: the message in their language and the survey page framed."""
    invitation = invitation_get(actor=actor, invitation_id=invitation_id)
    questions = list(invitation.survey.questions.all())
    context = {
        "invitation": invitation,
        "messages_sent": _messages(invitation),
        "steps": range(1, len(questions) + 1),
        "resume": resume_step(questions, stored_answers(invitation)) if questions else 0,
        "closed": _closed_reason(invitation),
    }
    return render(request, "feedback/invitation_preview.html", context)


def _messages(invitation: Invitation) -> list[dict]:
    """The invitation and, once sent, its reminder: as the customer's email or SMS says them."""
    kinds = [False, True] if invitation.reminded_at else [False]
    shown = []
    for reminder in kinds:
        if invitation.delivery == "sms":
            text = invitation_sms_text(invitation, reminder=reminder)
            shown.append({"reminder": reminder, "subject": "", "body": text})
        else:
            email = invitation_message(invitation, reminder=reminder)
            shown.append({"reminder": reminder, "subject": email.subject, "body": email.body})
    return shown


def _closed_reason(invitation: Invitation) -> str:
    """Why the link shows no question: "used", "expired", or "" while it can be answered."""
    if invitation.status == Invitation.Status.COMPLETED:
        return "used"
    return "expired" if invitation.expires_at <= timezone.now() else ""


@_frameable
@require_safe
@workspace_view("manage_surveys")
def invitation_preview_page(request: HttpRequest, actor: Actor, invitation_id: int) -> HttpResponse:
    """The survey page this invitation's link opens now, with its answers so far; it records nothing."""
    invitation = invitation_get(actor=actor, invitation_id=invitation_id)
    chosen = request.GET.get("lang", "")
    language = chosen if chosen in SUPPORTED_LANGUAGES else invitation.language
    if reason := _closed_reason(invitation):
        return closed_page(request, language, reason, 200)
    questions = list(invitation.survey.questions.all())
    if not questions:
        return _empty(request, language)
    answers = stored_answers(invitation)
    raw = request.GET.get("step", "")
    step = min(int(raw), len(questions) - 1) if raw.isdigit() else resume_step(questions, answers)
    context = step_context(
        organisation=invitation.workspace.name,
        survey=invitation.survey,
        questions=questions,
        language=language,
        step=step,
        value=answers.get(questions[step].key, ""),
        preview="invitation",
    )
    return render_step(request, context)
