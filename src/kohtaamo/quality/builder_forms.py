"""The builder's draft as scorecard JSON: every field checked in the QA lead's words, each error at its field.

The JSON written here is what the JSON editor would save for the same form, and it still goes through
``load_form`` (in the scorecard services) afterwards: the checks here only say the same rules earlier, in
the user's language and next to the field, and ``place_form_error`` puts anything ``load_form`` still
refuses beside the field it names.
"""

from __future__ import annotations

import math
import re
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kohtaamo.lib.qa.checks import CHECKS, MAX_PHRASE_CHARS, MAX_PHRASES, PHRASE_CHECKS
from kohtaamo.lib.qa.form_json import FORMAT_VERSION, FormError
from kohtaamo.lib.qa.forms import SCALE_PRESETS, QuestionKind

from .builder_draft import BONUS, CUSTOM_SCALE, LANGUAGES, Draft, DraftQuestion, DraftSection

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")  # the format's id (docs/scorecard-format.md)
NEVER_COUNTS = gettext_lazy(
    "A question here fails the section, but all the section's weights are 0, so failing it could never count."
)
PLACEHOLDERS = {
    Draft: gettext_lazy("Untitled scorecard"),
    DraftSection: gettext_lazy("Untitled section"),
    DraftQuestion: gettext_lazy("Question not written yet"),
}
TEXT_FIELDS = {"title", "description", "text", "help"}
FIELD_LABELS = {
    "title": gettext_lazy("Title"),
    "description": gettext_lazy("Description"),
    "questions": gettext_lazy("Questions"),
    "sections": gettext_lazy("Sections"),
    "text": gettext_lazy("Question"),
    "help": gettext_lazy("Guidance for evaluators"),
    "weight": gettext_lazy("Weight"),
    "scale": gettext_lazy("Answer type"),
    "points": gettext_lazy("Points"),
    "kind": gettext_lazy("If answered at the lowest point"),
    "auto_check": gettext_lazy("Automatic check"),
    "auto_phrases": gettext_lazy("Phrases"),
    "id": gettext_lazy("Key"),
}


def _text(values: dict[str, str]) -> str | dict[str, str] | None:
    """The languages filled in; the same words in all three are one plain text, as the format allows."""
    filled = {lang: text for lang, text in values.items() if text}
    if set(filled) == set(LANGUAGES) and len(set(filled.values())) == 1:
        return next(iter(filled.values()))
    return filled or None


def _number(raw: str) -> int | float | None:
    try:
        value = float(raw.strip().replace(",", "."))  # Finnish and Swedish write 1,5
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    return int(value) if value.is_integer() else value


def _points(raw: str) -> list[int | float] | None:
    tokens = [t for t in re.split(r"[\s;]+", raw.replace(", ", " ")) if t]
    points = [_number(t) for t in tokens]
    if len(points) < 2 or any(p is None for p in points) or len(set(points)) != len(points):
        return None
    return [p for p in points if p is not None]


def _phrases(raw: str) -> list[str] | None:
    phrases = [line.strip() for line in raw.splitlines() if line.strip()]
    if not 0 < len(phrases) <= MAX_PHRASES or any(len(p) > MAX_PHRASE_CHARS for p in phrases):
        return None
    return phrases


def fresh_id(texts: dict[str, str], used: set[str], fallback: str) -> str:
    """A readable id from the English (else Finnish, Swedish) words, unique among ``used``."""
    words = texts.get("en") or texts.get("fi") or texts.get("sv") or ""
    base = slugify(words).replace("-", "_")[:40].strip("_") or fallback
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}_{n}", n + 1
    used.add(candidate)
    return candidate


def _give_ids(draft: Draft) -> None:
    """Keep every valid id the page carried (first one wins), then name the new sections and questions."""
    sections, questions = set(), set()
    for _prefix, section in draft.all_sections():
        section.id = section.id if _ID_RE.fullmatch(section.id) and section.id not in sections else ""
        sections.add(section.id)
        for q in section.questions:
            q.id = q.id if _ID_RE.fullmatch(q.id) and q.id not in questions else ""
            questions.add(q.id)
    for _prefix, section in draft.all_sections():
        section.id = section.id or fresh_id(section.title, sections, "section")
        for q in section.questions:
            q.id = q.id or fresh_id(q.text, questions, "question")


class _Checker:
    """Collects errors on the draft (preview: quietly uses a default instead, so the preview always shows)."""

    def __init__(self, draft: Draft, *, preview: bool) -> None:
        self.draft, self.preview = draft, preview

    def fail(self, where: Draft | DraftSection | DraftQuestion, name: str, message: str) -> None:
        if not self.preview:
            where.errors[name] = message

    def text(self, where: Draft | DraftSection | DraftQuestion, name: str, values: dict[str, str]) -> Any:
        text = _text(values)
        if text is None:
            self.fail(where, name, _("Write it in at least one language."))
            return str(PLACEHOLDERS[type(where)])  # what the preview shows until it is written
        return text

    def question(self, q: DraftQuestion, *, bonus: bool) -> dict[str, Any]:
        weight = _number(q.weight)
        if weight is None or weight < 0:
            self.fail(q, "weight", _("A weight is a number, 0 or more."))
            weight = 1
        scale: Any = q.scale
        if q.scale == CUSTOM_SCALE:
            scale = _points(q.points)
            if scale is None:
                self.fail(q, "points", _("Give at least two different numbers, separated by spaces (e.g. 0 0.5 1)."))
                scale = "yes_no"
        elif q.scale not in SCALE_PRESETS:
            self.fail(q, "scale", _("Choose an answer type."))
            scale = "yes_no"
        kind = q.kind if q.kind in QuestionKind._value2member_map_ and not bonus else "normal"
        if kind != q.kind and not bonus:
            self.fail(q, "kind", _("Choose what a failed answer does."))
        out = {"id": q.id, "text": self.text(q, "text", q.text), "weight": weight, "scale": scale}
        out |= {"na_allowed": q.na_allowed, "kind": kind}
        if (help_text := _text(q.help)) is not None:
            out["help"] = help_text
        out |= self.auto_check(q, scale)
        return out

    def auto_check(self, q: DraftQuestion, scale: Any) -> dict[str, Any]:
        if not q.auto_check:
            return {}
        if q.auto_check not in CHECKS:
            self.fail(q, "auto_check", _("Choose one of the automatic checks."))
            return {}
        if scale != "yes_no":
            self.fail(
                q, "auto_check", _("An automatic check answers yes or no: only a Yes / No question can carry one.")
            )
            return {}
        if q.auto_check not in PHRASE_CHECKS:
            return {"auto_check": q.auto_check}
        phrases = _phrases(q.auto_phrases)
        if phrases is None:
            message = _("Give 1–%(most)s phrases, one a line, each at most %(chars)s characters.")
            self.fail(q, "auto_phrases", message % {"most": MAX_PHRASES, "chars": MAX_PHRASE_CHARS})
            return {} if self.preview else {"auto_check": q.auto_check}
        return {"auto_check": q.auto_check, "auto_phrases": phrases}

    def section(self, section: DraftSection, *, bonus: bool) -> dict[str, Any]:
        questions = [self.question(q, bonus=bonus) for q in section.questions]
        if not questions:
            self.fail(section, "questions", _("Add at least one question."))
        elif (
            not bonus
            and all(q["weight"] == 0 for q in questions)
            and any(q["kind"] == "fail_section" for q in questions)
        ):
            self.fail(section, "questions", str(NEVER_COUNTS))
        return {"id": section.id, "title": self.text(section, "title", section.title), "questions": questions}


def draft_to_form(draft: Draft, *, form_id: str, preview: bool = False) -> dict[str, Any] | None:
    """Form JSON from the draft, or None with the errors set on the draft (``preview``: always JSON)."""
    _give_ids(draft)
    checker = _Checker(draft, preview=preview)
    out: dict[str, Any] = {"format_version": FORMAT_VERSION, "id": form_id}
    out["title"] = checker.text(draft, "title", draft.title)
    if (description := _text(draft.description)) is not None:
        out["description"] = description
    out["allow_above_100"] = draft.allow_above_100
    sections = [checker.section(s, bonus=False) for s in draft.sections]
    out["sections"] = [s for s in sections if s["questions"]] if preview else sections  # an empty one can't show
    if draft.bonus is not None and ((bonus := checker.section(draft.bonus, bonus=True))["questions"] or not preview):
        out["bonus"] = bonus
    if not draft.sections:
        checker.fail(draft, "sections", _("Add at least one section."))
    elif all(q["weight"] == 0 for s in out["sections"] for q in s["questions"]):
        checker.fail(draft, "sections", _("No question has a weight above 0, so no evaluation could ever be scored."))
    if preview:  # errors copied along from a refused save must not hide the preview
        return out
    _summarise(draft)
    return None if draft.problems else out


def _section_name(prefix: str, section: DraftSection, number: int) -> str:
    title = _text(section.title)
    title = title if isinstance(title, str) or title is None else next(iter(title.values()))
    if prefix == BONUS:
        return _("Bonus section")
    if title:
        return _("Section %(number)s “%(title)s”") % {"number": number, "title": title}
    return _("Section %(number)s") % {"number": number}


def _anchor(name: str) -> str:
    """The html id of the field an error is about (a text's first language field)."""
    return f"{name}-fi" if name.rsplit("-", 1)[-1] in TEXT_FIELDS else name


def _summarise(draft: Draft) -> None:
    """Every error with its place ("Section 2 “Opening”, question 3, Weight: …") for the list at the top."""
    draft.problems = []
    for name, message in draft.errors.items():
        args = {"field": FIELD_LABELS.get(name, name), "message": message}
        draft.problems.append((_anchor(name), _("%(field)s: %(message)s") % args))
    for number, (prefix, section) in enumerate(draft.all_sections(), start=1):
        place = _section_name(prefix, section, number)
        for name, message in section.errors.items():
            args = {"section": place, "field": FIELD_LABELS.get(name, name), "message": message}
            draft.problems.append((_anchor(f"{prefix}-{name}"), _("%(section)s, %(field)s: %(message)s") % args))
        for j, q in enumerate(section.questions):
            for name, message in q.errors.items():
                args = {"section": place, "number": str(j + 1), "field": FIELD_LABELS.get(name, name)}
                text = _("%(section)s, question %(number)s, %(field)s: %(message)s") % (args | {"message": message})
                draft.problems.append((_anchor(f"{prefix}-q{j}-{name}"), text))


# load_form's places: "section 'opening', question 'tone', field 'weight'" (each part optional)
_SECTION_RE = re.compile(r"section '(?P<id>[^']*)'")
_QUESTION_RE = re.compile(r"question '(?P<id>[^']*)'")
_FIELD_RE = re.compile(r"field '(?P<name>\w+)'")


def place_form_error(draft: Draft, error: FormError) -> None:
    """Put an error ``load_form`` raised beside the field its path names (the form's title when none)."""
    found = [m.group(1) if (m := r.search(error.path)) else None for r in (_SECTION_RE, _QUESTION_RE, _FIELD_RE)]
    section_id, question_id, name = found
    message = str(error).removeprefix(f"{error.path}: ")
    where: Draft | DraftSection | DraftQuestion = draft
    for _prefix, section in draft.all_sections():
        if section.id == section_id:
            where = section
        for q in section.questions:
            if q.id == question_id:
                where = q
    if name == "scale" and isinstance(where, DraftQuestion) and where.scale == CUSTOM_SCALE:
        name = "points"
    default = {Draft: "sections", DraftSection: "questions", DraftQuestion: "text"}[type(where)]
    where.errors[name if name in FIELD_LABELS else default] = message
    _summarise(draft)
