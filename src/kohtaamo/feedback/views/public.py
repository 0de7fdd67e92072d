"""The public survey page: no login, the customer's language, one question per step.

Each step is a plain form post (it works without JavaScript and with a keyboard); every step saves the
answers so far, so a customer who stops halfway still counts for the questions they answered. The
token in the address is the only key: unknown, used and expired tokens each get a clear page.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from kohtaamo.inputs.address import client_address
from kohtaamo.ratelimit import hit

from ..links import localised
from ..models import Invitation, Question
from ..selectors.tokens import invitation_by_token
from ..services.invitations import SUPPORTED_LANGUAGES
from ..services.responses import AnswersInvalid, InvitationClosed, invitation_check_open, response_save
from .survey_page import closed_page, render_step, resume_step, step_context, stored_answers

# Requests per minute from one address and on one token; a person answering never comes close.
RATE_PER_IP = 60
RATE_PER_TOKEN = 30
RATE_WINDOW = 60


def _rate_limited(request: HttpRequest, token: str) -> bool:
    """Per client address (behind the trusted proxy) and per token, counted in the shared cache."""
    by_address = hit(f"survey:ip:{client_address(request)}", limit=RATE_PER_IP, window=RATE_WINDOW)
    by_token = hit(f"survey:token:{token[:64]}", limit=RATE_PER_TOKEN, window=RATE_WINDOW)
    return not (by_address.allowed and by_token.allowed)


def _language(request: HttpRequest, invitation: Invitation | None) -> str:
    chosen = request.GET.get("lang") or request.POST.get("lang") or ""
    if chosen in SUPPORTED_LANGUAGES:
        return chosen
    return invitation.language if invitation else (translation.get_language_from_request(request) or "fi")[:2]


@never_cache
@csrf_protect
def survey(request: HttpRequest, token: str) -> HttpResponse:
    """One step of the survey (GET), or save the step's answer and move on (POST)."""
    invitation = invitation_by_token(token)
    language = _language(request, invitation)
    if _rate_limited(request, token):
        return closed_page(request, language, "rate", 429)
    if invitation is None:
        return closed_page(request, language, "unknown", 404)
    try:
        invitation_check_open(invitation)
    except InvitationClosed as closed:
        if closed.reason == "used" and request.method == "POST":
            # A double submit: the first one was stored, so this one lands on the thanks page too.
            return redirect("feedback-public-thanks", token=token)
        return closed_page(request, language, closed.reason, 410)
    questions = list(invitation.survey.questions.all())
    answers = stored_answers(invitation)
    step = _step(request, questions, answers)
    errors: dict[str, str] = {}
    if request.method == "POST":
        outcome = _save_step(request, invitation, questions[step], step, len(questions), language)
        if isinstance(outcome, HttpResponse):
            return outcome
        errors = outcome
        answers.update({questions[step].key: request.POST.get(questions[step].key, "")})
    question = questions[step]
    prefill = request.GET.get(question.key, "") if step == 0 else ""
    context = step_context(
        organisation=invitation.workspace.name,
        survey=invitation.survey,
        questions=questions,
        language=language,
        step=step,
        value=prefill or answers.get(question.key, ""),
        error=errors.get(question.key, ""),
    )
    return render_step(request, context, status=422 if errors else 200)


def _save_step(
    request: HttpRequest, invitation: Invitation, question: Question, step: int, total: int, language: str
) -> HttpResponse | dict:
    """Store the step's answer and redirect to the next step (or thanks); the errors when it does not fit."""
    last = step == total - 1
    going_back = request.POST.get("action") == "back"
    if question.required and not going_back and not request.POST.get(question.key, "").strip():
        return {question.key: _("Please answer this question.")}
    try:
        with translation.override(language):
            response_save(
                invitation=invitation,
                answers={question.key: request.POST.get(question.key, "")},
                complete=last and not going_back,
            )
    except InvitationClosed:
        return redirect("feedback-public-thanks", token=invitation.token)
    except AnswersInvalid as invalid:
        return invalid.errors
    if last and not going_back:
        return redirect("feedback-public-thanks", token=invitation.token)
    target = max(step - 1, 0) if going_back else step + 1
    address = reverse("feedback-public-survey", kwargs={"token": invitation.token})
    return redirect(f"{address}?step={target}&lang={language}")


def _step(request: HttpRequest, questions: list[Question], answers: dict[str, str]) -> int:
    """The step asked for; a link opened without one resumes at the first question not yet answered.

    A score link from the email pre-fills the first question, so it opens there whatever was answered.
    """
    raw = request.POST.get("step") if request.method == "POST" else request.GET.get("step")
    if raw is None and request.method == "GET":
        return 0 if questions[0].key in request.GET else resume_step(questions, answers)
    try:
        return min(max(int(raw or 0), 0), len(questions) - 1)
    except ValueError:
        return 0


@never_cache
def thanks(request: HttpRequest, token: str) -> HttpResponse:
    """The thanks page, shown once the survey is answered."""
    invitation = invitation_by_token(token)
    language = _language(request, invitation)
    if _rate_limited(request, token):
        return closed_page(request, language, "rate", 429)
    if invitation is None:
        return closed_page(request, language, "unknown", 404)
    if invitation.status != Invitation.Status.COMPLETED:
        return redirect("feedback-public-survey", token=token)
    context = {"language": language, "thanks": localised(invitation.survey.thanks, language)}
    with translation.override(language):
        return render(request, "feedback/public/thanks.html", context)
