"""Scoring of quality-monitoring evaluations against a scorecard (evaluation form).

This module is deliberately free of Django so that the arithmetic that decides an agent's
quality score can be unit-tested, property-tested and reused by the CLI, the API and batch
recalculation alike.  The rules implemented here are the contract documented in
``docs/quality-scoring.md``; the JSON shapes are documented in ``docs/scorecard-format.md``.
Change the three together.

In short:

* every question is normalised to 0-100 on its own scale, so a yes/no item and a 0-10 item
  can be averaged;
* the total is one weighted mean over all answered questions of the form, with weights per
  question; a section's weight is simply the sum of its answered questions' weights, so
  section scores and the total can never disagree;
* N/A answers are left out and the remaining weights renormalised, except where a critical
  (fail) item overrides them: fail-all > fail-section > N/A;
* a bonus section adds percentage points on top, clipped at 100 unless the form allows more.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = [
    "NA",
    "SCALE_PRESETS",
    "AnswerError",
    "Form",
    "FormError",
    "PassRate",
    "Question",
    "QuestionKind",
    "QuestionResult",
    "Scale",
    "ScoreResult",
    "Section",
    "SectionResult",
    "form_to_dict",
    "load_form",
    "localise",
    "pass_rates",
    "score_evaluation",
    "validate_answers",
]

#: The answer value that marks a question as not applicable.
NA = "na"

#: Named scales.  Presets exist so that forms say what they mean ("1-5") instead of repeating
#: point lists, and so that round-tripping a form keeps that intent.
SCALE_PRESETS: dict[str, tuple[int, ...]] = {
    "yes_no": (0, 1),
    "1-3": (1, 2, 3),
    "1-4": (1, 2, 3, 4),
    "1-5": (1, 2, 3, 4, 5),
    "0-10": tuple(range(11)),
}

FORMAT_VERSION = 1

# Ids end up in URLs, CSV headers and JSON keys; keeping them boring avoids escaping bugs later.
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")

# Float tolerance for "at the threshold" comparisons: normalised scores such as 1/3*100 must not
# fail a threshold they meet on paper.
_EPS = 1e-9

Text = str | dict[str, str]


class FormError(ValueError):
    """A scorecard definition is invalid.

    ``path`` names the offending place (section, question, field) so that an admin UI can point
    at it; the message repeats it for humans reading a log or CLI output.
    """

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


class AnswerError(ValueError):
    """A set of answers does not fit the form.

    All problems are collected rather than stopping at the first one, because an evaluator
    fixing a submitted form wants to see every wrong field at once.  ``errors`` maps the
    question id to its problem.
    """

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        detail = "; ".join(f"question {qid!r}: {msg}" for qid, msg in errors.items())
        super().__init__(f"invalid answers: {detail}")


class QuestionKind(StrEnum):
    """What failing a question does.  "Failing" means answering at the scale minimum."""

    NORMAL = "normal"
    FAIL_SECTION = "fail_section"
    FAIL_ALL = "fail_all"


@dataclass(frozen=True)
class Scale:
    """The points a question can be answered with.

    ``preset`` is kept (when the scale came from one) so that :func:`form_to_dict` writes the
    form back the way its author wrote it.
    """

    points: tuple[float, ...]
    preset: str | None = None

    @property
    def minimum(self) -> float:
        return min(self.points)

    @property
    def maximum(self) -> float:
        return max(self.points)

    def normalise(self, value: float) -> float:
        """Map a point on this scale to 0-100 so that different scales can be averaged."""
        return (value - self.minimum) / (self.maximum - self.minimum) * 100.0

    def contains(self, value: float) -> bool:
        return any(value == p for p in self.points)

    def to_json(self) -> str | list[float]:
        return self.preset if self.preset is not None else list(self.points)


@dataclass(frozen=True)
class Question:
    """One scorecard item.  ``weight`` is relative; only ratios between weights matter."""

    id: str
    text: Text
    weight: float = 1.0
    scale: Scale = field(default_factory=lambda: Scale(SCALE_PRESETS["yes_no"], "yes_no"))
    na_allowed: bool = False
    kind: QuestionKind = QuestionKind.NORMAL
    help: Text | None = None

    @property
    def is_yes_no(self) -> bool:
        return self.scale.preset == "yes_no"


@dataclass(frozen=True)
class Section:
    """A group of questions.

    It has no weight of its own: in the total it carries the weights of its answered questions,
    or :attr:`weight` (all of its questions, N/A included) when a fail_section item failed.
    """

    id: str
    title: Text
    questions: tuple[Question, ...]

    @property
    def weight(self) -> float:
        return math.fsum(q.weight for q in self.questions)


@dataclass(frozen=True)
class Form:
    """A validated scorecard.  Build it with :func:`load_form`, never by hand from user data."""

    id: str
    title: Text
    sections: tuple[Section, ...]
    bonus: Section | None = None
    allow_above_100: bool = False
    description: Text | None = None

    def questions(self, *, include_bonus: bool = True) -> list[tuple[Section, Question]]:
        """All (section, question) pairs in form order; bonus questions come last."""
        pairs = [(s, q) for s in self.sections for q in s.questions]
        if include_bonus and self.bonus is not None:
            pairs.extend((self.bonus, q) for q in self.bonus.questions)
        return pairs

    def question(self, question_id: str) -> Question:
        for _, q in self.questions():
            if q.id == question_id:
                return q
        raise KeyError(question_id)


# --------------------------------------------------------------------------------------------
# Loading and dumping forms


def _is_number(value: object) -> bool:
    # bool is an int subclass; a JSON ``true`` weight is a typo, not a weight of 1.
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _check_keys(data: Mapping[str, Any], allowed: set[str], path: str) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        # Rejecting unknown keys catches typos such as "wieght" that would otherwise silently
        # fall back to a default and change scores.
        raise FormError(path, f"unknown field(s) {', '.join(map(repr, unknown))}")


def _parse_id(data: Mapping[str, Any], path: str) -> str:
    value = data.get("id")
    if not isinstance(value, str) or not _ID_RE.fullmatch(value):
        raise FormError(
            f"{path}, field 'id'",
            f"must be 1-64 characters of letters, digits, '_', '.', '-' starting with a letter or digit, got {value!r}",
        )
    return value


def _parse_optional_text(value: object, path: str) -> Text | None:
    return None if value is None else _parse_text(value, path)


def _parse_text(value: object, path: str) -> Text:
    if isinstance(value, str) and value.strip():
        return value
    if isinstance(value, Mapping) and value:
        for lang, text in value.items():
            if not isinstance(lang, str) or not lang or not isinstance(text, str) or not text.strip():
                raise FormError(path, f"translation {lang!r} must be a non-empty string")
        return dict(value)
    raise FormError(path, 'must be a non-empty string or a {"fi": ..., "sv": ..., "en": ...} object')


def _parse_bool(data: Mapping[str, Any], key: str, default: bool, path: str) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise FormError(f"{path}, field {key!r}", f"must be true or false, got {value!r}")
    return value


def _parse_scale(value: object, path: str) -> Scale:
    if isinstance(value, str):
        if value not in SCALE_PRESETS:
            raise FormError(path, f"unknown scale {value!r}; use one of {', '.join(SCALE_PRESETS)} or a list of points")
        return Scale(tuple(SCALE_PRESETS[value]), value)
    if isinstance(value, list | tuple):
        if len(value) < 2 or not all(_is_number(p) for p in value):
            raise FormError(path, f"a custom scale must be a list of at least two numbers, got {value!r}")
        if len(set(value)) != len(value):
            raise FormError(path, f"a custom scale must not repeat points, got {value!r}")
        return Scale(tuple(value))
    raise FormError(path, f"must be a preset name or a list of points, got {value!r}")


def _parse_question(data: object, path: str, *, bonus: bool) -> Question:
    if not isinstance(data, Mapping):
        raise FormError(path, "must be an object")
    qid = _parse_id(data, path)
    path = f"{path.rsplit(' #', 1)[0]} {qid!r}"
    _check_keys(data, {"id", "text", "weight", "scale", "na_allowed", "kind", "help"}, path)
    text = _parse_text(data.get("text"), f"{path}, field 'text'")
    weight = data.get("weight", 1)
    if not _is_number(weight) or weight < 0:
        raise FormError(f"{path}, field 'weight'", f"must be a number >= 0, got {weight!r}")
    scale = _parse_scale(data.get("scale", "yes_no"), f"{path}, field 'scale'")
    na_allowed = _parse_bool(data, "na_allowed", False, path)
    kind_raw = data.get("kind", QuestionKind.NORMAL.value)
    try:
        kind = QuestionKind(kind_raw)
    except ValueError:
        raise FormError(
            f"{path}, field 'kind'",
            f"must be one of {', '.join(k.value for k in QuestionKind)}, got {kind_raw!r}",
        ) from None
    if bonus and kind is not QuestionKind.NORMAL:
        # A bonus item that could zero the evaluation would contradict the idea of a bonus.
        raise FormError(f"{path}, field 'kind'", "bonus questions must be of kind 'normal'")
    help_text = _parse_optional_text(data.get("help"), f"{path}, field 'help'")
    return Question(qid, text, weight, scale, na_allowed, kind, help_text)


def _parse_section(data: object, path: str, *, bonus: bool = False) -> Section:
    if not isinstance(data, Mapping):
        raise FormError(path, "must be an object")
    sid = _parse_id(data, path)
    path = f"{path.rsplit(' #', 1)[0]} {sid!r}"
    _check_keys(data, {"id", "title", "questions"}, path)
    title = _parse_text(data.get("title"), f"{path}, field 'title'")
    raw_questions = data.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        raise FormError(f"{path}, field 'questions'", "must be a non-empty list")
    questions = tuple(
        _parse_question(q, f"{path}, question #{i + 1}", bonus=bonus) for i, q in enumerate(raw_questions)
    )
    section = Section(sid, title, questions)
    if not bonus and section.weight == 0 and any(q.kind is QuestionKind.FAIL_SECTION for q in questions):
        # A failed section counts with its weight; with weight 0 the failure could never lower
        # the score, which is certainly not what the author meant.
        raise FormError(path, "has a fail_section question but all its weights are 0, so failing it could never count")
    return section


def load_form(data: Mapping[str, Any]) -> Form:
    """Validate a scorecard parsed from JSON and return it as a :class:`Form`.

    Validation is strict (unknown fields, duplicate ids and impossible scales are errors)
    because a silently misread form changes agents' scores.  Raises :class:`FormError`, a
    ``ValueError`` whose message names the section, question and field at fault.
    """
    if not isinstance(data, Mapping):
        raise FormError("form", "must be a JSON object")
    _check_keys(
        data,
        {"format_version", "id", "title", "description", "allow_above_100", "sections", "bonus"},
        "form",
    )
    version = data.get("format_version", FORMAT_VERSION)
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise FormError("form, field 'format_version'", f"unsupported version {version!r}")
    form_id = _parse_id(data, "form")
    title = _parse_text(data.get("title"), "form, field 'title'")
    description = _parse_optional_text(data.get("description"), "form, field 'description'")
    allow_above_100 = _parse_bool(data, "allow_above_100", False, "form")
    raw_sections = data.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        raise FormError("form, field 'sections'", "must be a non-empty list")
    sections = tuple(_parse_section(s, f"section #{i + 1}") for i, s in enumerate(raw_sections))
    bonus = None
    if data.get("bonus") is not None:
        bonus = _parse_section(data["bonus"], "bonus section #1", bonus=True)

    seen_sections: set[str] = set()
    seen_questions: set[str] = set()
    for section in (*sections, *((bonus,) if bonus else ())):
        if section.id in seen_sections:
            raise FormError(f"section {section.id!r}", "duplicate section id")
        seen_sections.add(section.id)
        for q in section.questions:
            if q.id in seen_questions:
                # Answers are keyed by question id alone, so ids must be unique form-wide.
                raise FormError(f"section {section.id!r}, question {q.id!r}", "duplicate question id")
            seen_questions.add(q.id)
    if all(s.weight == 0 for s in sections):
        raise FormError("form", "no question has a weight > 0, so no evaluation could ever be scored")
    return Form(form_id, title, sections, bonus, allow_above_100, description)


def _question_to_dict(q: Question) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": q.id,
        "text": q.text,
        "weight": q.weight,
        "scale": q.scale.to_json(),
        "na_allowed": q.na_allowed,
        "kind": q.kind.value,
    }
    if q.help is not None:
        out["help"] = q.help
    return out


def _section_to_dict(s: Section) -> dict[str, Any]:
    return {"id": s.id, "title": s.title, "questions": [_question_to_dict(q) for q in s.questions]}


def form_to_dict(form: Form) -> dict[str, Any]:
    """Serialise a form to its JSON shape; ``load_form(form_to_dict(f)) == f``.

    Defaults are written out explicitly so that a stored form documents itself and does not
    change meaning if a default ever changes.
    """
    out: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "id": form.id,
        "title": form.title,
    }
    if form.description is not None:
        out["description"] = form.description
    out["allow_above_100"] = form.allow_above_100
    out["sections"] = [_section_to_dict(s) for s in form.sections]
    if form.bonus is not None:
        out["bonus"] = _section_to_dict(form.bonus)
    return out


def localise(text: Text | None, lang: str, fallbacks: Sequence[str] = ("en", "fi", "sv")) -> str:
    """Pick the best translation of a form text; falls back rather than failing a page render."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    for candidate in (lang, *fallbacks):
        if candidate in text:
            return text[candidate]
    return next(iter(text.values()))


# --------------------------------------------------------------------------------------------
# Answers and scoring


def validate_answers(form: Form, answers: Mapping[str, object]) -> dict[str, float | None]:
    """Check answers against the form and return question id -> point value (None for N/A).

    Every scored question needs an explicit answer (a point or ``"na"``) so that a forgotten
    question is never mistaken for N/A.  Bonus questions may be omitted; omitted means no bonus.
    Raises :class:`AnswerError` listing every problem.
    """
    if not isinstance(answers, Mapping):
        raise AnswerError({"*": "answers must be an object mapping question id to value"})
    errors: dict[str, str] = {}
    known = {q.id: (s, q) for s, q in form.questions()}
    for qid in answers:
        if qid not in known:
            errors[str(qid)] = "unknown question id"
    values: dict[str, float | None] = {}
    for section, q in form.questions():
        is_bonus = section is form.bonus
        if q.id not in answers:
            if is_bonus:
                values[q.id] = None
            else:
                errors[q.id] = "missing answer (give a value from the scale" + (' or "na")' if q.na_allowed else ")")
            continue
        raw = answers[q.id]
        if raw == NA and isinstance(raw, str):
            if q.na_allowed:
                values[q.id] = None
            else:
                errors[q.id] = "N/A is not allowed for this question"
            continue
        if isinstance(raw, bool) and q.is_yes_no:
            raw = int(raw)
        if not _is_number(raw):
            errors[q.id] = f"value must be a number on the scale {list(q.scale.points)} or {NA!r}, got {raw!r}"
            continue
        value = float(raw)  # type: ignore[arg-type]  # _is_number checked it
        if not q.scale.contains(value):
            errors[q.id] = f"value {raw!r} is not on the scale {list(q.scale.points)}"
            continue
        values[q.id] = value
    if errors:
        raise AnswerError(errors)
    return values


@dataclass(frozen=True)
class QuestionResult:
    """How one question scored.  ``score`` is None for N/A (and for an omitted bonus item)."""

    question_id: str
    section_id: str
    value: float | None
    score: float | None
    weight: float
    failed: bool  # True when a fail_section / fail_all item was answered at its scale minimum


@dataclass(frozen=True)
class SectionResult:
    """How one section scored.

    ``score`` is what counts (0 for a failed section); ``raw_score`` is the weighted mean before
    the fail rule, kept for coaching ("it would have been 86").  ``weight`` is the weight the
    section actually carried in the total (0 when left out).
    """

    section_id: str
    score: float | None
    raw_score: float | None
    weight: float
    failed: bool


@dataclass(frozen=True)
class ScoreResult:
    """The outcome of scoring one evaluation.

    ``total`` is None only when nothing weighted was answered (all N/A), since inventing a
    number there would skew agent averages.  ``base`` is the total before bonus and fail-all.
    """

    total: float | None
    base: float | None
    bonus_points: float
    sections: dict[str, SectionResult]
    questions: dict[str, QuestionResult]
    failed_all: bool
    failed_sections: tuple[str, ...]
    failed_questions: tuple[str, ...]

    @property
    def section_scores(self) -> dict[str, float | None]:
        return {sid: s.score for sid, s in self.sections.items()}

    @property
    def question_scores(self) -> dict[str, float | None]:
        return {qid: q.score for qid, q in self.questions.items()}

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, for storing next to the evaluation and for the API."""
        return {
            "total": self.total,
            "base": self.base,
            "bonus_points": self.bonus_points,
            "failed_all": self.failed_all,
            "failed_sections": list(self.failed_sections),
            "failed_questions": list(self.failed_questions),
            "sections": {
                sid: {"score": s.score, "raw_score": s.raw_score, "weight": s.weight, "failed": s.failed}
                for sid, s in self.sections.items()
            },
            "questions": {
                qid: {
                    "section": q.section_id,
                    "value": q.value,
                    "score": q.score,
                    "weight": q.weight,
                    "failed": q.failed,
                }
                for qid, q in self.questions.items()
            },
        }


def score_evaluation(form: Form, answers: Mapping[str, object]) -> ScoreResult:
    """Score one evaluation.  See ``docs/quality-scoring.md`` for the rules, worked by hand."""
    values = validate_answers(form, answers)
    questions: dict[str, QuestionResult] = {}
    sections: dict[str, SectionResult] = {}
    failed_all = False
    failed_sections: list[str] = []
    failed_questions: list[str] = []

    for section in form.sections:
        weighted: list[float] = []
        answered_weights: list[float] = []
        section_failed = False
        for q in section.questions:
            value = values[q.id]
            score = None if value is None else q.scale.normalise(value)
            failed = value is not None and q.kind is not QuestionKind.NORMAL and value == q.scale.minimum
            if failed:
                failed_questions.append(q.id)
                failed_all |= q.kind is QuestionKind.FAIL_ALL
                section_failed |= q.kind is QuestionKind.FAIL_SECTION
            if score is not None:
                weighted.append(q.weight * score)
                answered_weights.append(q.weight)
            questions[q.id] = QuestionResult(q.id, section.id, value, score, q.weight, failed)
        answered_weight = math.fsum(answered_weights)
        raw = math.fsum(weighted) / answered_weight if answered_weight > 0 else None
        if section_failed:
            # Fail-section beats N/A: the section loses all of its points, including the weight of
            # questions marked N/A, exactly as if every one of them had scored 0.
            failed_sections.append(section.id)
            sections[section.id] = SectionResult(section.id, 0.0, raw, section.weight, True)
        else:
            weight = answered_weight if raw is not None else 0.0
            sections[section.id] = SectionResult(section.id, raw, raw, weight, False)

    counted = [(s.weight, s.score) for s in sections.values() if s.score is not None and s.weight > 0]
    total_weight = math.fsum(w for w, _ in counted)
    base = math.fsum(w * score for w, score in counted) / total_weight if total_weight > 0 else None
    if base is not None:
        base = min(max(base, 0.0), 100.0)  # guard against float drift such as 100.00000000000001

    bonus_points = 0.0
    if form.bonus is not None:
        parts = []
        for q in form.bonus.questions:
            value = values[q.id]
            score = None if value is None else q.scale.normalise(value)
            if score is not None:
                # A bonus item's weight is the number of percentage points it is worth at full marks.
                parts.append(q.weight * score / 100.0)
            questions[q.id] = QuestionResult(q.id, form.bonus.id, value, score, q.weight, False)
        bonus_points = math.fsum(parts)

    if failed_all:
        total: float | None = 0.0
    elif base is None:
        total = None
    else:
        total = base + bonus_points
        if not form.allow_above_100:
            total = min(total, 100.0)
    return ScoreResult(
        total=total,
        base=base,
        bonus_points=bonus_points,
        sections=sections,
        questions=questions,
        failed_all=failed_all,
        failed_sections=tuple(failed_sections),
        failed_questions=tuple(failed_questions),
    )


@dataclass(frozen=True)
class PassRate:
    """Pass statistics of one question over many evaluations; N/A answers are not counted."""

    question_id: str
    answered: int
    passed: int
    not_applicable: int

    @property
    def percent(self) -> float | None:
        """Share of answered evaluations that passed, 0-100; None when never answered."""
        return self.passed / self.answered * 100.0 if self.answered else None


def pass_rates(results: Iterable[ScoreResult], threshold: float = 50.0) -> dict[str, PassRate]:
    """Per-question pass rates across evaluations, for "which behaviours do agents miss" reports.

    A question passes when its 0-100 score is at or above ``threshold``.  The default 50 means
    "at least the middle of the scale", which for yes/no is exactly "yes" (full marks), so one
    rule covers every scale.  N/A and omitted bonus answers count as neither passed nor answered.
    """
    counts: dict[str, list[int]] = {}
    for result in results:
        for qid, q in result.questions.items():
            answered, passed, na = counts.setdefault(qid, [0, 0, 0])
            if q.score is None:
                counts[qid][2] = na + 1
            else:
                counts[qid][0] = answered + 1
                counts[qid][1] = passed + (q.score >= threshold - _EPS)
    return {qid: PassRate(qid, a, p, n) for qid, (a, p, n) in counts.items()}
