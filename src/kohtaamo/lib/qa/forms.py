"""What a scorecard (evaluation form) is: sections of weighted questions, each on its own scale.

The shapes here are only built by :func:`kohtaamo.lib.qa.form_json.load_form`, which validates
them, so the scoring code can rely on every invariant the loader checks.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = ["SCALE_PRESETS", "Form", "Question", "QuestionKind", "Scale", "Section", "Text", "localise"]

#: Named scales.  Presets exist so that forms say what they mean ("1-5") instead of repeating
#: point lists, and so that round-tripping a form keeps that intent.
SCALE_PRESETS: dict[str, tuple[int, ...]] = {
    "yes_no": (0, 1),
    "1-3": (1, 2, 3),
    "1-4": (1, 2, 3, 4),
    "1-5": (1, 2, 3, 4, 5),
    "0-10": tuple(range(11)),
}

#: A form text: one string, or translations keyed by language code.
Text = str | dict[str, str]


class QuestionKind(StrEnum):
    """What failing a question does.  "Failing" means answering at the scale minimum."""

    NORMAL = "normal"
    FAIL_SECTION = "fail_section"
    FAIL_ALL = "fail_all"


@dataclass(frozen=True)
class Scale:
    """The points a question can be answered with.

    ``preset`` is kept (when the scale came from one) so that ``form_to_dict`` writes the form
    back the way its author wrote it.
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
    auto_check: str | None = None  # the automatic check shown beside it (lib/qa/checks.py)
    auto_phrases: tuple[str, ...] = ()  # the QA lead's phrases for the phrase checks

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
    """A validated scorecard.  Build it with ``load_form``, never by hand from user data."""

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
