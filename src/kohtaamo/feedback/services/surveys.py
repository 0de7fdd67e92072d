"""Creating and editing surveys and their trigger rules, and the standard after-contact questionnaire."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kohtaamo.feedback.models import DEFAULT_SCALE, Answer, Question, QuestionType, Survey, TriggerRule
from kohtaamo.workspaces.models import Queue, Workspace

# Survey texts are content in the customer's language, not interface strings, so they are stored per
# language on the survey rather than translated through gettext.
STANDARD_QUESTIONS = [
    {
        "key": "csat",
        "type": QuestionType.CSAT,
        "required": True,
        "text": {
            "fi": "Kuinka tyytyväinen olit palveluun tässä yhteydenotossa?",
            "sv": "Hur nöjd var du med servicen vid den här kontakten?",
            "en": "How satisfied were you with the service in this contact?",
        },
    },
    {
        "key": "ces",
        "type": QuestionType.CES,
        "text": {
            "fi": "Yritys teki asiani hoitamisesta helppoa.",
            "sv": "Företaget gjorde det enkelt att sköta mitt ärende.",
            "en": "The company made it easy to handle my issue.",
        },
    },
    {
        "key": "resolved",
        "type": QuestionType.SINGLE_CHOICE,
        "text": {"fi": "Ratkesiko asiasi?", "sv": "Blev ditt ärende löst?", "en": "Was your issue resolved?"},
        "choices": [
            {"key": "yes", "text": {"fi": "Kyllä", "sv": "Ja", "en": "Yes"}},
            {"key": "partly", "text": {"fi": "Osittain", "sv": "Delvis", "en": "Partly"}},
            {"key": "no", "text": {"fi": "Ei", "sv": "Nej", "en": "No"}},
        ],
    },
    {
        "key": "nps",
        "type": QuestionType.NPS,
        "text": {
            "fi": "Kuinka todennäköisesti suosittelisit meitä ystävällesi tai kollegallesi?",
            "sv": "Hur sannolikt är det att du skulle rekommendera oss till en vän eller kollega?",
            "en": "How likely are you to recommend us to a friend or colleague?",
        },
    },
    {
        "key": "comment",
        "type": QuestionType.TEXT,
        "text": {
            "fi": "Mitä voisimme tehdä paremmin?",
            "sv": "Vad kunde vi göra bättre?",
            "en": "What could we do better?",
        },
    },
]
STANDARD_INTRO = {
    "fi": "Kiitos yhteydenotostasi! Vastaaminen vie alle minuutin.",
    "sv": "Tack för att du kontaktade oss! Det tar mindre än en minut att svara.",
    "en": "Thank you for contacting us! Answering takes less than a minute.",
}
STANDARD_THANKS = {
    "fi": "Kiitos vastauksestasi. Käytämme palautteesi palvelun parantamiseen.",
    "sv": "Tack för ditt svar. Vi använder din återkoppling för att förbättra servicen.",
    "en": "Thank you for your answer. We use your feedback to improve our service.",
}
STANDARD_NAME = _("After-contact survey")


class SurveyInvalid(Exception):
    """Some questions cannot be saved; ``errors`` maps a question's index in the list to field → message."""

    def __init__(self, errors: dict[int, dict[str, str]]) -> None:
        super().__init__("; ".join(f"{i}.{f}: {m}" for i, e in errors.items() for f, m in e.items()))
        self.errors = errors


@transaction.atomic
def survey_create(
    *,
    workspace: Workspace,
    key: str,
    name: str,
    questions: list[dict],
    intro: dict | None = None,
    thanks: dict | None = None,
    **options: Any,
) -> Survey:
    """Create a survey with its questions; scored questions get their type's scale."""
    survey = Survey(workspace=workspace, key=key, name=name, intro=intro or {}, thanks=thanks or {}, **options)
    survey.full_clean()
    survey.save()
    _questions_save(survey, questions)
    return survey


@transaction.atomic
def survey_update(
    *, survey: Survey, name: str, active: bool, questions: list[dict], reminder_days: int | None = None
) -> Survey:
    """Rename, (de)activate and re-question a survey; ``questions`` is the full new list, in order.

    A question spec with an ``id`` edits that question, one without adds a question, and a question left
    out is deleted (its answers stay: every answer row keeps its own key, type and scale). A question that
    already has answers keeps its key, type and scale, so old answers never change meaning; the manager is
    told to add a new question instead. Raises SurveyInvalid and changes nothing when any question is refused.
    """
    survey.name = name
    survey.active = active
    if reminder_days is not None:
        survey.reminder_days = reminder_days
    survey.full_clean()
    survey.save(update_fields=["name", "active", "reminder_days"])
    _questions_save(survey, questions)
    return survey


def _questions_save(survey: Survey, questions: list[dict]) -> None:
    existing = {q.pk: q for q in survey.questions.all()}
    kept = {spec["id"] for spec in questions if spec.get("id")}
    answers = Answer.objects.of(survey.workspace).filter(question_id__in=kept)
    answered = set(answers.values_list("question_id", flat=True).distinct())
    survey.questions.filter(pk__in=existing.keys() - kept).delete()
    errors: dict[int, dict[str, str]] = {}
    for position, spec in enumerate(questions):
        question = existing.get(spec.get("id")) if spec.get("id") else Question(survey=survey)
        if question is None:
            errors[position] = {"key": str(_("This question is not part of the survey."))}
            continue
        scale = spec.get("scale") or DEFAULT_SCALE.get(spec["type"], "")
        if question.pk in answered and (refusal := _history_refusal(question, spec["key"], spec["type"], scale)):
            errors[position] = refusal
            continue
        question.position = position
        question.key = spec["key"]
        question.type = spec["type"]
        question.scale = scale
        question.text = spec["text"]
        question.choices = spec.get("choices", []) if spec["type"] == QuestionType.SINGLE_CHOICE else []
        question.required = spec.get("required", False)
        try:
            question.full_clean()
        except ValidationError as invalid:
            errors[position] = {field: " ".join(messages) for field, messages in invalid.message_dict.items()}
            continue
        question.save()
    if errors:
        raise SurveyInvalid(errors)


def _history_refusal(question: Question, key: str, type_: str, scale: str) -> dict[str, str]:
    """Why an answered question may not take this key, type or scale ({} when it may)."""
    if key != question.key:
        return {"key": str(_("This question already has answers, so its key cannot change."))}
    if (type_, scale) != (question.type, question.scale):
        message = _(
            "This question already has answers of type %(type)s, so its type cannot change. Add a new question instead."
        ) % {"type": question.get_type_display()}
        return {"type": str(message)}
    return {}


def survey_create_standard(*, workspace: Workspace, key: str = "after-contact") -> Survey:
    """The after-contact survey: CSAT first (answerable from the invitation), then CES, resolution, NPS, comment."""
    return survey_create(
        workspace=workspace,
        key=key,
        name=str(STANDARD_NAME),
        questions=STANDARD_QUESTIONS,
        intro=STANDARD_INTRO,
        thanks=STANDARD_THANKS,
    )


@transaction.atomic
def trigger_create(*, survey: Survey, name: str, queues: Iterable[Queue] = (), **fields: Any) -> TriggerRule:
    """A rule sending ``survey`` after matching interactions."""
    trigger = TriggerRule(workspace=survey.workspace, survey=survey, name=name, **fields)
    trigger.full_clean()
    trigger.save()
    trigger.queues.set(queues)
    return trigger


@transaction.atomic
def trigger_update(*, trigger: TriggerRule, queues: Iterable[Queue] | None = None, **fields: Any) -> TriggerRule:
    """Change a rule's settings (``queues`` None leaves its queues as they are).

    Re-enabling a rule starts it from now: the contacts that ended while it was off are not surveyed late.
    """
    was_active = trigger.active
    for name, value in fields.items():
        setattr(trigger, name, value)
    if trigger.active and not was_active:
        trigger.checked_until = timezone.now()
    trigger.full_clean()
    trigger.save()
    if queues is not None:
        trigger.queues.set(queues)
    return trigger
