"""Which JSON documents are valid scorecards, and how a scorecard is written back as JSON.

The JSON shape is documented in ``docs/scorecard-format.md``; change the two together.
Validation is strict because a silently misread form changes agents' scores.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any, TypeGuard

from .checks import CHECKS, MAX_PHRASE_CHARS, MAX_PHRASES, PHRASE_CHECKS, WORD_LIST_CHECKS
from .forms import SCALE_PRESETS, Form, Question, QuestionKind, Scale, Section, Text

__all__ = ["FORMAT_VERSION", "FormError", "form_to_dict", "is_number", "load_form"]

FORMAT_VERSION = 1

# Ids end up in URLs, CSV headers and JSON keys; keeping them boring avoids escaping bugs later.
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


class FormError(ValueError):
    """A scorecard definition is invalid.

    ``path`` names the offending place (section, question, field) so that an admin UI can point
    at it; the message repeats it for humans reading a log or CLI output.
    """

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


def is_number(value: object) -> TypeGuard[int | float]:
    """Whether a JSON value is a real, finite number (weights, scale points and answers alike)."""
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
        if len(value) < 2 or not all(is_number(p) for p in value):
            raise FormError(path, f"a custom scale must be a list of at least two numbers, got {value!r}")
        if len(set(value)) != len(value):
            raise FormError(path, f"a custom scale must not repeat points, got {value!r}")
        return Scale(tuple(value))
    raise FormError(path, f"must be a preset name or a list of points, got {value!r}")


def _parse_kind(value: Any, path: str, *, bonus: bool) -> QuestionKind:
    try:
        kind = QuestionKind(value)
    except ValueError:
        raise FormError(
            f"{path}, field 'kind'",
            f"must be one of {', '.join(k.value for k in QuestionKind)}, got {value!r}",
        ) from None
    if bonus and kind is not QuestionKind.NORMAL:
        # A bonus item that could zero the evaluation would contradict the idea of a bonus.
        raise FormError(f"{path}, field 'kind'", "bonus questions must be of kind 'normal'")
    return kind


QUESTION_KEYS = {"id", "text", "weight", "scale", "na_allowed", "kind", "help", "auto_check", "auto_phrases"}


def _parse_question(data: object, path: str, *, bonus: bool) -> Question:
    if not isinstance(data, Mapping):
        raise FormError(path, "must be an object")
    qid = _parse_id(data, path)
    path = f"{path.rsplit(' #', 1)[0]} {qid!r}"
    _check_keys(data, QUESTION_KEYS, path)
    text = _parse_text(data.get("text"), f"{path}, field 'text'")
    weight = data.get("weight", 1)
    if not is_number(weight) or weight < 0:
        raise FormError(f"{path}, field 'weight'", f"must be a number >= 0, got {weight!r}")
    scale = _parse_scale(data.get("scale", "yes_no"), f"{path}, field 'scale'")
    na_allowed = _parse_bool(data, "na_allowed", False, path)
    kind = _parse_kind(data.get("kind", QuestionKind.NORMAL.value), path, bonus=bonus)
    help_text = _parse_optional_text(data.get("help"), f"{path}, field 'help'")
    auto_check, auto_phrases = _parse_auto_check(data, scale, path)
    return Question(qid, text, weight, scale, na_allowed, kind, help_text, auto_check, auto_phrases)


def _parse_auto_check(data: Mapping[str, Any], scale: Scale, path: str) -> tuple[str | None, tuple[str, ...]]:
    """An automatic check answers yes or no, so only a yes/no question carries one."""
    check, raw = data.get("auto_check"), data.get("auto_phrases")
    if check is None:
        if raw is not None:
            raise FormError(f"{path}, field 'auto_phrases'", "needs an auto_check that uses phrases")
        return None, ()
    if check not in CHECKS:
        raise FormError(f"{path}, field 'auto_check'", f"must be one of {', '.join(CHECKS)}, got {check!r}")
    if scale.preset != "yes_no":
        raise FormError(f"{path}, field 'auto_check'", "only a yes_no question can carry an automatic check")
    if check in WORD_LIST_CHECKS and raw is None:
        return check, ()
    if check not in PHRASE_CHECKS | WORD_LIST_CHECKS:
        if raw is not None:
            raise FormError(f"{path}, field 'auto_phrases'", f"the check {check!r} takes no phrases")
        return check, ()
    if (
        not isinstance(raw, list)
        or not 0 < len(raw) <= MAX_PHRASES
        or not all(isinstance(p, str) and 0 < len(p.strip()) <= MAX_PHRASE_CHARS for p in raw)
    ):
        raise FormError(
            f"{path}, field 'auto_phrases'",
            f"must be a list of 1–{MAX_PHRASES} phrases of at most {MAX_PHRASE_CHARS} characters",
        )
    return check, tuple(p.strip() for p in raw)


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


def _check_unique_ids(sections: tuple[Section, ...]) -> None:
    seen_sections: set[str] = set()
    seen_questions: set[str] = set()
    for section in sections:
        if section.id in seen_sections:
            raise FormError(f"section {section.id!r}", "duplicate section id")
        seen_sections.add(section.id)
        for q in section.questions:
            if q.id in seen_questions:
                # Answers are keyed by question id alone, so ids must be unique form-wide.
                raise FormError(f"section {section.id!r}, question {q.id!r}", "duplicate question id")
            seen_questions.add(q.id)


def load_form(data: Mapping[str, Any]) -> Form:
    """Validate a scorecard parsed from JSON and return it as a :class:`~kohtaamo.lib.qa.forms.Form`.

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
    _check_unique_ids((*sections, *((bonus,) if bonus else ())))
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
    if q.auto_check is not None:
        out["auto_check"] = q.auto_check
    if q.auto_phrases:
        out["auto_phrases"] = list(q.auto_phrases)
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
