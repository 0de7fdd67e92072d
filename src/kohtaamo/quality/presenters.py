"""Turn a form version, answers and scores into what the evaluation templates render."""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from kohtaamo.lib.qa.answers import NA
from kohtaamo.lib.qa.forms import Form, Question, localise


def point_key(value: float) -> str:
    """A scale point as the string a radio button carries: 1.0 → "1", 0.5 → "0.5"."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def parse_point(raw: str) -> Any:
    """A posted answer back to what the scorer expects: "na", a number, or the raw text (rejected later)."""
    raw = raw.strip()
    if raw == NA:
        return NA
    try:
        number = float(raw)
    except ValueError:
        return raw
    return int(number) if number.is_integer() else number


@dataclass
class QuestionView:
    id: str
    text: str
    help: str
    kind: str
    weight: float
    na_allowed: bool
    points: list[tuple[str, str]]  # (value, label)
    selected: str
    comment: str
    error: str
    score: float | None = None
    failed: bool = False


@dataclass
class SectionView:
    id: str
    title: str
    bonus: bool
    questions: list[QuestionView] = field(default_factory=list)
    score: float | None = None
    raw_score: float | None = None
    failed: bool = False


def _points(question: Question) -> list[tuple[str, str]]:
    if question.is_yes_no:
        return [("1", _("Yes")), ("0", _("No"))]
    return [(point_key(p), point_key(p)) for p in sorted(question.scale.points)]


def form_view(
    form: Form,
    language: str,
    *,
    answers: dict[str, Any],
    comments: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    result: dict[str, Any] | None = None,
) -> list[SectionView]:
    """Sections and questions with the current answers, comments, errors and (when scored) scores."""
    comments, errors, result = comments or {}, errors or {}, result or {}
    scored_questions = result.get("questions", {})
    scored_sections = result.get("sections", {})
    sections = list(form.sections) + ([form.bonus] if form.bonus else [])
    out = []
    for section in sections:
        view = SectionView(section.id, localise(section.title, language), section is form.bonus)
        view.score = scored_sections.get(section.id, {}).get("score")
        view.raw_score = scored_sections.get(section.id, {}).get("raw_score")
        view.failed = scored_sections.get(section.id, {}).get("failed", False)
        for q in section.questions:
            value = answers.get(q.id)
            selected = NA if value == NA else ("" if value is None else point_key(value))
            view.questions.append(
                QuestionView(
                    id=q.id,
                    text=localise(q.text, language),
                    help=localise(q.help, language),
                    kind=str(q.kind),
                    weight=q.weight,
                    na_allowed=q.na_allowed,
                    points=_points(q),
                    selected=selected,
                    comment=comments.get(q.id, ""),
                    error=errors.get(q.id, ""),
                    score=scored_questions.get(q.id, {}).get("score"),
                    failed=scored_questions.get(q.id, {}).get("failed", False),
                )
            )
        out.append(view)
    return out


def answers_from_post(form: Form, data) -> tuple[dict[str, Any], dict[str, str]]:
    """Answers ("q-<id>") and comments ("c-<id>") from a posted evaluation form; blanks are left out."""
    answers, comments = {}, {}
    for _section, q in form.questions():
        raw = data.get(f"q-{q.id}", "")
        if raw.strip():
            answers[q.id] = parse_point(raw)
        comment = data.get(f"c-{q.id}", "")
        if comment.strip():
            comments[q.id] = comment.strip()
    return answers, comments
