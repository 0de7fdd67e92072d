"""Pain points ranked by impact: where many customers meet trouble.

A contact is a *problem contact* if it shows any sign of trouble: a repeat contact (the customer had
to come back), an escalation or transfer, an abandoned queue, a long wait, or a survey answer that was
dissatisfied (CSAT 1–3), a detractor (NPS 0–6) or hard (CES 1–3). A group's impact is its volume × its
problem rate, i.e. the number of problem contacts, with the Wilson interval of the rate scaled by the
volume. Each signal is also shown on its own with n and an interval, and the survey scores are
compared with everyone else's (group − rest).

Groups may overlap (a contact can match several personas or touchpoints), so membership is given as
(contact, group) pairs. Groups with fewer than ``min_n`` contacts are listed apart and never ranked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from kohtaamo.lib.cxmetrics import (
    DEFAULT_MIN_N,
    Difference,
    Estimate,
    NpsCounts,
    compare_means,
    compare_nps_counts,
    compare_proportions,
    mean_estimate,
    nps_from_counts,
    proportion_estimate,
)

__all__ = ["ContactSignals", "PainPoint", "PainRanking", "rank_pain_points"]


@dataclass(frozen=True)
class ContactSignals:
    """Per-contact signals as parallel arrays; survey scores are NaN where nobody answered."""

    repeat: np.ndarray
    escalated: np.ndarray
    abandoned: np.ndarray
    long_wait: np.ndarray
    wait: np.ndarray
    csat: np.ndarray
    nps: np.ndarray
    ces: np.ndarray

    def __len__(self) -> int:
        return len(self.repeat)

    def problem(self) -> np.ndarray:
        """Contacts with any sign of trouble (NaN survey scores compare False, so they count as no sign)."""
        with np.errstate(invalid="ignore"):
            unhappy = (self.csat <= 3) | (self.nps <= 6) | (self.ces <= 3)
        return self.repeat | self.escalated | self.abandoned | self.long_wait | unhappy


@dataclass(frozen=True)
class PainPoint:
    key: str
    n: int
    problems: int
    problem_rate: Estimate
    impact_low: float
    impact_high: float
    repeat: Estimate
    escalated: Estimate
    abandoned: Estimate
    long_wait: Estimate
    wait: Estimate
    csat: Estimate
    csat_vs_rest: Difference
    nps: Estimate
    nps_vs_rest: Difference
    ces: Estimate
    ces_vs_rest: Difference
    rank: int | None = None

    @property
    def too_few(self) -> bool:
        return self.problem_rate.too_few


@dataclass(frozen=True)
class PainRanking:
    ranked: tuple[PainPoint, ...]
    too_few: tuple[PainPoint, ...]
    overall: Estimate


def rank_pain_points(
    signals: ContactSignals,
    member_contact: np.ndarray,
    member_group: np.ndarray,
    labels: tuple[str, ...],
    *,
    min_n: int = DEFAULT_MIN_N,
) -> PainRanking:
    """Rank groups (``labels[member_group]``) by problem contacts; ties share a rank."""
    problem = signals.problem()
    points = [
        _pain_point(label, signals, problem, member_contact[member_group == g], min_n)
        for g, label in enumerate(labels)
        if (member_group == g).any()
    ]
    eligible = sorted((p for p in points if not p.too_few), key=lambda p: (-p.problems, p.key))
    ranked: list[PainPoint] = []
    rank = 0
    for i, point in enumerate(eligible):
        if not (ranked and ranked[-1].problems == point.problems):
            rank = i + 1
        ranked.append(_with_rank(point, rank))
    too_few = tuple(sorted((p for p in points if p.too_few), key=lambda p: p.key))
    overall = proportion_estimate(int(problem.sum()), len(signals), min_n=min_n)
    return PainRanking(tuple(ranked), too_few, overall)


def _with_rank(point: PainPoint, rank: int) -> PainPoint:
    return PainPoint(**{**point.__dict__, "rank": rank})


def _share(flags: np.ndarray, min_n: int) -> Estimate:
    return proportion_estimate(int(flags.sum()), len(flags), min_n=min_n)


def _pain_point(label: str, s: ContactSignals, problem: np.ndarray, idx: np.ndarray, min_n: int) -> PainPoint:
    idx = np.unique(idx)
    rest = np.ones(len(s), dtype=bool)
    rest[idx] = False
    n = len(idx)
    rate = _share(problem[idx], min_n)
    scale = n / 100.0
    wait = s.wait[idx]
    csat, csat_diff = _csat(s.csat, idx, rest, min_n)
    nps, nps_diff = _nps(s.nps, idx, rest, min_n)
    ces, ces_diff = _ces(s.ces, idx, rest, min_n)
    return PainPoint(
        key=label,
        n=n,
        problems=int(problem[idx].sum()),
        problem_rate=rate,
        impact_low=rate.ci_low * scale,
        impact_high=rate.ci_high * scale,
        repeat=_share(s.repeat[idx], min_n),
        escalated=_share(s.escalated[idx], min_n),
        abandoned=_share(s.abandoned[idx], min_n),
        long_wait=_share(s.long_wait[idx], min_n),
        wait=mean_estimate(wait[~np.isnan(wait)].tolist(), min_n=min_n, bounds=(0.0, math.inf)),
        csat=csat,
        csat_vs_rest=csat_diff,
        nps=nps,
        nps_vs_rest=nps_diff,
        ces=ces,
        ces_vs_rest=ces_diff,
    )


def _answered(scores: np.ndarray, idx: np.ndarray, rest: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mine, others = scores[idx], scores[rest]
    return mine[~np.isnan(mine)], others[~np.isnan(others)]


def _csat(scores: np.ndarray, idx: np.ndarray, rest: np.ndarray, min_n: int) -> tuple[Estimate, Difference]:
    mine, others = _answered(scores, idx, rest)
    satisfied, satisfied_rest = int((mine >= 4).sum()), int((others >= 4).sum())
    estimate = proportion_estimate(satisfied, len(mine), min_n=min_n)
    return estimate, compare_proportions(satisfied, len(mine), satisfied_rest, len(others), min_n=min_n)


def _nps_counts(values: np.ndarray) -> NpsCounts:
    promoters, detractors = int((values >= 9).sum()), int((values <= 6).sum())
    return NpsCounts(promoters, len(values) - promoters - detractors, detractors)


def _nps(scores: np.ndarray, idx: np.ndarray, rest: np.ndarray, min_n: int) -> tuple[Estimate, Difference]:
    mine, others = _answered(scores, idx, rest)
    a, b = _nps_counts(mine), _nps_counts(others)
    return nps_from_counts(a, min_n=min_n), compare_nps_counts(a, b, min_n=min_n)


def _ces(scores: np.ndarray, idx: np.ndarray, rest: np.ndarray, min_n: int) -> tuple[Estimate, Difference]:
    mine, others = _answered(scores, idx, rest)
    estimate = mean_estimate(mine.tolist(), min_n=min_n, bounds=(1.0, 7.0))
    return estimate, compare_means(mine, others, min_n=min_n)
