"""The survey builder's questions as its page posts them: one field per language, one row per option.

No formset and no pipe syntax: question n is ``q-<n>-<field>`` and its option m ``q-<n>-c<m>-<field>``,
with the counts in ``q-count`` and ``q-<n>-choices``. Adding, removing and moving are submit buttons
(``action`` = ``add:nps``, ``up:2``, ``remove-choice:1:0`` …) that re-render the page with everything
typed kept, so the builder works as plain form posts; builder.js only refreshes the preview as one types.
"""

import re
from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import DEFAULT_SCALE, Question, QuestionType, Survey

LANGUAGES = ("fi", "sv", "en")
LANGUAGE_NAMES = {"fi": gettext_lazy("Finnish"), "sv": gettext_lazy("Swedish"), "en": gettext_lazy("English")}
# Far more than any survey a customer finishes; the caps keep a forged post from building thousands of rows.
MAX_QUESTIONS = 40
MAX_CHOICES = 20
MAX_TEXT = 500
MAX_CHOICE_TEXT = 200
MAX_KEY = 100
KEY = re.compile(r"[-a-zA-Z0-9_]+")
# The key a question gets when the manager leaves it empty: the type's name, as reports already call it.
DEFAULT_KEYS: dict[str, str] = {
    QuestionType.NPS: "nps",
    QuestionType.CSAT: "csat",
    QuestionType.CES: "ces",
    QuestionType.SINGLE_CHOICE: "choice",
    QuestionType.TEXT: "comment",
}


@dataclass
class ChoiceDraft:
    key: str = ""
    text: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def filled(self) -> bool:
        return bool(self.key or any(self.text.values()))


@dataclass
class QuestionDraft:
    """One question as typed, valid or not; ``errors`` maps a field (``key``, ``text_fi`` …) to its message."""

    type: str = QuestionType.NPS
    id: int | None = None
    key: str = ""
    text: dict[str, str] = field(default_factory=dict)
    required: bool = False
    choices: list[ChoiceDraft] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    has_answers: bool = False

    @property
    def is_choice(self) -> bool:
        return self.type == QuestionType.SINGLE_CHOICE

    @property
    def type_label(self) -> str:
        return str(dict(QuestionType.choices).get(self.type, self.type))

    @property
    def choice_rows(self) -> list[ChoiceDraft]:
        """The options to show: at least two rows, so switching a question to single choice has room to type."""
        return self.choices + [ChoiceDraft() for _ in range(2 - len(self.choices))]

    def as_question(self, number: int) -> Question:
        """An unsaved question with these texts, for the preview (rendered by the public page's template)."""
        choices = [{"key": c.key or f"option-{i}", "text": c.text} for i, c in enumerate(self.choices) if c.filled]
        return Question(
            key=self.key or f"question-{number}",
            type=self.type,
            scale=DEFAULT_SCALE.get(QuestionType(self.type), "") if self.type in QuestionType.values else "",
            text=self.text,
            choices=choices if self.is_choice else [],
            required=self.required,
        )


def drafts_of(survey: Survey, answered: set[int]) -> list[QuestionDraft]:
    """The survey's saved questions as drafts; ``answered`` holds the ids of questions that have answers."""
    return [
        QuestionDraft(
            id=q.pk,
            key=q.key,
            type=q.type,
            text={lang: q.text.get(lang, "") for lang in LANGUAGES},
            required=q.required,
            choices=[ChoiceDraft(key=c["key"], text=dict(c["text"])) for c in q.choices],
            has_answers=q.pk in answered,
        )
        for q in survey.questions.all()
    ]


def _count(data: QueryDict, name: str, cap: int) -> int:
    raw = data.get(name, "")
    return min(int(raw), cap) if raw.isdigit() else 0


def drafts_from_post(data: QueryDict, answered: set[int]) -> list[QuestionDraft]:
    """The questions as the page posted them, in their order on the page."""
    drafts = []
    for n in range(_count(data, "q-count", MAX_QUESTIONS)):
        prefix = f"q-{n}-"
        raw_id = data.get(prefix + "id", "")
        choices = [
            ChoiceDraft(
                key=data.get(f"{prefix}c{m}-key", "").strip(),
                text={lang: data.get(f"{prefix}c{m}-{lang}", "").strip() for lang in LANGUAGES},
            )
            for m in range(_count(data, prefix + "choices", MAX_CHOICES))
        ]
        question_id = int(raw_id) if raw_id.isdigit() else None
        drafts.append(
            QuestionDraft(
                id=question_id,
                key=data.get(prefix + "key", "").strip(),
                type=data.get(prefix + "type", ""),
                text={lang: data.get(f"{prefix}text-{lang}", "").strip() for lang in LANGUAGES},
                required=bool(data.get(prefix + "required")),
                choices=choices,
                has_answers=question_id in answered,
            )
        )
    return drafts


def drafts_apply(drafts: list[QuestionDraft], action: str) -> str:
    """Carry out an add / remove / move button on ``drafts`` (in place); returns the fragment to scroll to."""
    verb, _sep, rest = action.partition(":")
    numbers = [int(part) for part in rest.split(":") if part.isdigit()]
    n = numbers[0] if numbers else -1
    if verb == "add" and rest in QuestionType.values and len(drafts) < MAX_QUESTIONS:
        choices = [ChoiceDraft(), ChoiceDraft()] if rest == QuestionType.SINGLE_CHOICE else []
        drafts.append(QuestionDraft(type=rest, choices=choices))
        return f"q-{len(drafts) - 1}"
    if not 0 <= n < len(drafts):
        return ""
    if verb == "remove":
        del drafts[n]
        return f"q-{min(n, len(drafts) - 1)}" if drafts else "questions"
    if verb in ("up", "down"):
        other = n - 1 if verb == "up" else n + 1
        if 0 <= other < len(drafts):
            drafts[n], drafts[other] = drafts[other], drafts[n]
            return f"q-{other}"
        return f"q-{n}"
    if verb == "add-choice" and len(drafts[n].choices) < MAX_CHOICES:
        drafts[n].choices = [*drafts[n].choice_rows, ChoiceDraft()]
    elif verb == "remove-choice" and len(numbers) == 2 and 0 <= numbers[1] < len(drafts[n].choices):
        del drafts[n].choices[numbers[1]]
    return f"q-{n}-choices"


def _unique(base: str, taken: set[str]) -> str:
    key, number = base, 2
    while key in taken:
        key, number = f"{base}-{number}", number + 1
    return key


def _check_texts(texts: dict[str, str], errors: dict[str, str], limit: int, name: str = "{lang}") -> None:
    for lang in LANGUAGES:
        value = texts.get(lang, "")
        if not value:
            errors[name.format(lang=lang)] = _("Write the %(language)s text.") % {"language": LANGUAGE_NAMES[lang]}
        elif len(value) > limit:
            errors[name.format(lang=lang)] = _("At most %(limit)s characters.") % {"limit": limit}


def _check_key(key: str) -> str:
    if len(key) > MAX_KEY:
        return _("At most %(limit)s characters.") % {"limit": MAX_KEY}
    if not KEY.fullmatch(key):
        return _("Use letters, digits, hyphens and underscores only.")
    return ""


def _check_choices(draft: QuestionDraft) -> None:
    if len(draft.choices) < 2:
        draft.errors["choices"] = _("A single-choice question needs at least two options.")
    taken: set[str] = set()
    for choice in draft.choices:
        _check_texts(choice.text, choice.errors, MAX_CHOICE_TEXT)
        if choice.key:
            if message := _check_key(choice.key):
                choice.errors["key"] = message
            elif choice.key in taken:
                choice.errors["key"] = _("Another option of this question already has this key.")
        elif not choice.errors:
            # The key is what exports and the API show; made from the English (or Finnish) text when left empty.
            choice.key = _unique(slugify(choice.text["en"] or choice.text["fi"])[:MAX_KEY] or "option", taken)
        taken.add(choice.key)


def drafts_validate(drafts: list[QuestionDraft]) -> list[dict] | None:
    """The questions as survey_create / survey_update take them, or None with the errors on the drafts.

    An empty key is made from the question's type; keys the manager typed are kept as typed.
    """
    typed = {d.key for d in drafts if d.key}
    taken: set[str] = set()
    for draft in drafts:
        draft.errors = {}
        # Rows left wholly empty are the page's spare rows, not options.
        draft.choices = [c for c in draft.choices if c.filled]
        if draft.type not in QuestionType.values:
            draft.errors["type"] = _("Choose the type of question.")
        if draft.key:
            if message := _check_key(draft.key):
                draft.errors["key"] = message
            elif draft.key in taken:
                draft.errors["key"] = _("Another question already has this key.")
        elif draft.type in DEFAULT_KEYS:
            draft.key = _unique(DEFAULT_KEYS[draft.type], taken | typed)
        taken.add(draft.key)
        _check_texts(draft.text, draft.errors, MAX_TEXT, "text_{lang}")
        if draft.is_choice:
            _check_choices(draft)
    if any(_has_errors(d) for d in drafts):
        return None
    return [
        {
            "id": d.id,
            "key": d.key,
            "type": d.type,
            "text": dict(d.text),
            "choices": [{"key": c.key, "text": dict(c.text)} for c in d.choices] if d.is_choice else [],
            "required": d.required,
        }
        for d in drafts
    ]


def _has_errors(draft: QuestionDraft) -> bool:
    return bool(draft.errors) or any(c.errors for c in draft.choices)


def drafts_refused(drafts: list[QuestionDraft], refusals: dict[int, dict[str, str]]) -> None:
    """Put the service's refusals (question index → field → message) on the drafts they name."""
    for index, errors in refusals.items():
        for name, message in errors.items():
            drafts[index].errors[name if name in ("key", "type", "choices") else "question"] = message


FIELD_NAMES = {
    "key": gettext_lazy("Key"),
    "type": gettext_lazy("Type"),
    "choices": gettext_lazy("Options"),
    "question": gettext_lazy("Question"),
    **{f"text_{lang}": name for lang, name in LANGUAGE_NAMES.items()},
}


def error_summary(drafts: list[QuestionDraft]) -> list[tuple[str, str]]:
    """(field id, sentence naming the question and the field) for every error, in the page's order."""
    lines = []
    for n, draft in enumerate(drafts):
        name = _("Question %(number)s") % {"number": n + 1}
        for field_name, message in draft.errors.items():
            anchor = f"q-{n}-{field_name.replace('_', '-')}" if field_name != "question" else f"q-{n}"
            lines.append((anchor, f"{name} · {capfirst(FIELD_NAMES.get(field_name, field_name))}: {message}"))
        for m, choice in enumerate(draft.choices):
            option = _("option %(number)s") % {"number": m + 1}
            for lang_or_key, message in choice.errors.items():
                label = capfirst(FIELD_NAMES["key"] if lang_or_key == "key" else LANGUAGE_NAMES[lang_or_key])
                lines.append((f"q-{n}-c{m}-{lang_or_key}", f"{name}, {option} · {label}: {message}"))
    return lines
