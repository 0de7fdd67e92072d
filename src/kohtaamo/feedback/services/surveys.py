"""Creating surveys: the standard after-contact questionnaire every workspace starts with."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kohtaamo.feedback.models import DEFAULT_SCALE, Question, QuestionType, Survey, TriggerRule
from kohtaamo.workspaces.models import Workspace

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


@transaction.atomic
def survey_create(
    *, workspace: Workspace, key: str, name: str, questions: list[dict], intro=None, thanks=None, **options
) -> Survey:
    """Create a survey with its questions; scored questions get their type's scale."""
    survey = Survey(workspace=workspace, key=key, name=name, intro=intro or {}, thanks=thanks or {}, **options)
    survey.full_clean()
    survey.save()
    for position, spec in enumerate(questions):
        question = Question(
            survey=survey,
            position=position,
            key=spec["key"],
            type=spec["type"],
            scale=spec.get("scale") or DEFAULT_SCALE.get(spec["type"], ""),
            text=spec["text"],
            choices=spec.get("choices", []),
            required=spec.get("required", False),
        )
        question.full_clean()
        question.save()
    return survey


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
def trigger_create(*, survey: Survey, name: str, queues=(), **fields) -> TriggerRule:
    """A rule sending ``survey`` after matching interactions."""
    trigger = TriggerRule(workspace=survey.workspace, survey=survey, name=name, **fields)
    trigger.full_clean()
    trigger.save()
    trigger.queues.set(queues)
    return trigger
