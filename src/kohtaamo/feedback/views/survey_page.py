"""One step of the public survey page, as the customer sees it: shared by the page and by staff previews.

The survey page, the builder's live preview and an invitation's preview all render
``feedback/public/survey.html`` from :func:`step_context`, so what staff look at is the customer's page
itself, not a copy of it.
"""

from collections.abc import Sequence

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kohtaamo.lib.cxmetrics import get_scale

from ..links import localised
from ..models import Invitation, Question, Survey
from ..services.invitations import SUPPORTED_LANGUAGES

# What the ends of each scale mean, shown under the first and last point.
ANCHORS = {
    "nps_0_10": (_("Not at all likely"), _("Extremely likely")),
    "csat_1_5": (_("Very dissatisfied"), _("Very satisfied")),
    "ces_1_7": (_("Strongly disagree"), _("Strongly agree")),
}


def question_view(question: Question, language: str, value: str) -> dict:
    view = {"question": question, "text": localised(question.text, language), "value": value}
    if question.is_scored:
        scale = get_scale(question.scale)
        view["points"] = [str(v) for v in range(scale.low, scale.high + 1)]
        view["anchors"] = ANCHORS.get(question.scale)
    elif question.choices:
        view["options"] = [(c["key"], localised(c["text"], language)) for c in question.choices]
    return view


def stored_answers(invitation: Invitation) -> dict[str, str]:
    """Question key → the raw value the customer gave, as the page's inputs hold it."""
    response = getattr(invitation, "response", None)
    if response is None:
        return {}
    answers = {}
    for answer in response.answers.all():
        answers[answer.question_key] = str(answer.value) if answer.value is not None else answer.choice or answer.text
    return answers


def resume_step(questions: Sequence[Question], answers: dict[str, str]) -> int:
    """Where a reopened link continues: the first question without an answer (the last when all have one)."""
    for step, question in enumerate(questions):
        if question.key not in answers:
            return step
    return max(len(questions) - 1, 0)


def step_context(
    *,
    organisation: str,
    survey: Survey,
    questions: Sequence[Question],
    language: str,
    step: int,
    value: str = "",
    error: str = "",
    preview: str = "",
) -> dict:
    """The template's context for question ``step``; ``preview`` ("draft" or "invitation") disables sending."""
    return {
        "organisation": organisation,
        "language": language,
        "languages": SUPPORTED_LANGUAGES,
        "intro": localised(survey.intro, language) if step == 0 else "",
        "step": step,
        "number": step + 1,
        "total": len(questions),
        "last": step == len(questions) - 1,
        "q": question_view(questions[step], language, value),
        "error": error,
        "preview": preview,
    }


def closed_page(request: HttpRequest, language: str, reason: str, status: int) -> HttpResponse:
    """The page of a link that cannot be answered: "used", "expired", "rate" (limited) or "unknown"."""
    with translation.override(language):
        return render(request, "feedback/public/closed.html", {"reason": reason, "language": language}, status=status)


def render_step(request: HttpRequest, context: dict, status: int = 200) -> HttpResponse:
    with translation.override(context["language"]):
        return render(request, "feedback/public/survey.html", context, status=status)
