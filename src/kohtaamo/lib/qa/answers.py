"""Which answers fit a scorecard: every scored question answered with a point on its scale, or N/A."""

from __future__ import annotations

from collections.abc import Mapping

from .form_json import is_number
from .forms import Form, Question

__all__ = ["NA", "AnswerError", "validate_answers"]

#: The answer value that marks a question as not applicable.
NA = "na"


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


def validate_answers(form: Form, answers: Mapping[str, object]) -> dict[str, float | None]:
    """Check answers against the form and return question id -> point value (None for N/A).

    Every scored question needs an explicit answer (a point or ``"na"``) so that a forgotten
    question is never mistaken for N/A.  Bonus questions may be omitted; omitted means no bonus.
    Raises :class:`AnswerError` listing every problem.
    """
    if not isinstance(answers, Mapping):
        raise AnswerError({"*": "answers must be an object mapping question id to value"})
    known = {q.id for _, q in form.questions()}
    errors = {str(qid): "unknown question id" for qid in answers if qid not in known}
    values: dict[str, float | None] = {}
    for section, q in form.questions():
        if q.id not in answers:
            if section is form.bonus:
                values[q.id] = None
            else:
                errors[q.id] = "missing answer (give a value from the scale" + (' or "na")' if q.na_allowed else ")")
            continue
        value, problem = _point(q, answers[q.id])
        if problem is None:
            values[q.id] = value
        else:
            errors[q.id] = problem
    if errors:
        raise AnswerError(errors)
    return values


def _point(q: Question, raw: object) -> tuple[float | None, str | None]:
    """One given answer as a point on the question's scale (None for N/A), or why it does not fit."""
    if raw == NA and isinstance(raw, str):
        return (None, None) if q.na_allowed else (None, "N/A is not allowed for this question")
    if isinstance(raw, bool) and q.is_yes_no:
        raw = int(raw)
    if not is_number(raw):
        return None, f"value must be a number on the scale {list(q.scale.points)} or {NA!r}, got {raw!r}"
    value = float(raw)
    if not q.scale.contains(value):
        return None, f"value {raw!r} is not on the scale {list(q.scale.points)}"
    return value, None
