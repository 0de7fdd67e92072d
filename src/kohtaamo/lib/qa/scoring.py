"""Scoring of quality-monitoring evaluations against a scorecard (evaluation form).

This module is deliberately free of Django so that the arithmetic that decides an agent's
quality score can be unit-tested, property-tested and reused by the CLI, the API and batch
recalculation alike.  The rules implemented here are the contract documented in
``docs/quality-scoring.md``; change the two together.  Which forms and answers are valid is
decided before scoring, by :mod:`.form_json` and :mod:`.answers`.

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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .answers import validate_answers
from .forms import Form, Question, QuestionKind, Section

__all__ = ["QuestionResult", "ScoreResult", "SectionResult", "score_evaluation"]


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
    failed_questions: list[str] = []
    for section in form.sections:
        sections[section.id], results = _score_section(section, values)
        for q, result in zip(section.questions, results, strict=True):
            questions[q.id] = result
            if result.failed:
                failed_questions.append(q.id)
                failed_all |= q.kind is QuestionKind.FAIL_ALL
    base = _base(sections.values())
    bonus_points = 0.0
    if form.bonus is not None:
        bonus_points, bonus_results = _bonus(form.bonus, values)
        questions.update((r.question_id, r) for r in bonus_results)
    return ScoreResult(
        total=_total(base, bonus_points, failed_all=failed_all, allow_above_100=form.allow_above_100),
        base=base,
        bonus_points=bonus_points,
        sections=sections,
        questions=questions,
        failed_all=failed_all,
        failed_sections=tuple(sid for sid, s in sections.items() if s.failed),
        failed_questions=tuple(failed_questions),
    )


def _score_question(q: Question, section_id: str, value: float | None) -> QuestionResult:
    score = None if value is None else q.scale.normalise(value)
    # A critical item fails when answered at its scale minimum; N/A never fails it.
    failed = value is not None and q.kind is not QuestionKind.NORMAL and value == q.scale.minimum
    return QuestionResult(q.id, section_id, value, score, q.weight, failed)


def _score_section(section: Section, values: Mapping[str, float | None]) -> tuple[SectionResult, list[QuestionResult]]:
    """A section's weighted mean over its answered questions, and the fail_section rule."""
    results = [_score_question(q, section.id, values[q.id]) for q in section.questions]
    answered = [(r.weight, r.score) for r in results if r.score is not None]
    answered_weight = math.fsum(w for w, _ in answered)
    raw = math.fsum(w * score for w, score in answered) / answered_weight if answered_weight > 0 else None
    section_failed = any(
        r.failed and q.kind is QuestionKind.FAIL_SECTION for q, r in zip(section.questions, results, strict=True)
    )
    if section_failed:
        # Fail-section beats N/A: the section loses all of its points, including the weight of
        # questions marked N/A, exactly as if every one of them had scored 0.
        return SectionResult(section.id, 0.0, raw, section.weight, True), results
    weight = answered_weight if raw is not None else 0.0
    return SectionResult(section.id, raw, raw, weight, False), results


def _base(sections: Iterable[SectionResult]) -> float | None:
    """The weighted mean of the counted sections: the total before bonus and fail-all."""
    counted = [(s.weight, s.score) for s in sections if s.score is not None and s.weight > 0]
    total_weight = math.fsum(w for w, _ in counted)
    if total_weight <= 0:
        return None
    base = math.fsum(w * score for w, score in counted) / total_weight
    return min(max(base, 0.0), 100.0)  # guard against float drift such as 100.00000000000001


def _bonus(bonus: Section, values: Mapping[str, float | None]) -> tuple[float, list[QuestionResult]]:
    """Percentage points earned in the bonus section; bonus items never fail anything."""
    parts = []
    results = []
    for q in bonus.questions:
        value = values[q.id]
        score = None if value is None else q.scale.normalise(value)
        if score is not None:
            # A bonus item's weight is the number of percentage points it is worth at full marks.
            parts.append(q.weight * score / 100.0)
        results.append(QuestionResult(q.id, bonus.id, value, score, q.weight, False))
    return math.fsum(parts), results


def _total(base: float | None, bonus_points: float, *, failed_all: bool, allow_above_100: bool) -> float | None:
    """Fail-all beats everything; otherwise the base plus bonus, clipped at 100 unless allowed."""
    if failed_all:
        return 0.0
    if base is None:
        return None
    total = base + bonus_points
    return total if allow_above_100 else min(total, 100.0)
