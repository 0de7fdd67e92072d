"""Which questions agents pass: one threshold on the 0-100 question score, for every scale.

Used for "which behaviours do agents miss" reports, and to mark each stored question score as
passed or not, so that both always agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .scoring import ScoreResult

__all__ = ["PassRate", "pass_rates"]

# Float tolerance for "at the threshold" comparisons: normalised scores such as 1/3*100 must not
# fail a threshold they meet on paper.
_EPS = 1e-9


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
