"""Plain-language verdicts for the statistics pages show: better / worse / no clear difference, good / fair / poor.

A manager reads "NPS +4.1 [−0.8 – +9.0], p = 0.10" as "NPS went up". The verdict says what the figures
allow one to say, and the figures stay one click away. The rules live here, without Django, so that
every page (feedback, quality, operations) words the same evidence the same way; docs/metrics.md lists
the thresholds and where they come from.

Each verdict is a :class:`Verdict`: a ``key`` the page translates, a ``tone`` for its colour (``good``,
``bad``, ``neutral``, or ``few`` when there is too little data to say anything) and an ``arrow`` for
changes (the direction the figure moved, which is not always the good direction).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = [
    "ALPHA_MIN_UNITS",
    "ICC_MIN_UNITS",
    "WAPE_MIN_CONTACTS",
    "WAPE_MIN_DAYS",
    "Verdict",
    "alpha_verdict",
    "change_verdict",
    "followup_verdict",
    "group_verdict",
    "icc_verdict",
    "wape_verdict",
]

#: Significance level of a "better" or "worse": the two-sided 95 % interval excludes zero *and* p < 0.05.
SIGNIFICANCE = 0.05

#: ICC of the total scores needs at least this many interactions scored by every evaluator (and two
#: evaluators). Koo & Li (2016) ask for 30 in a reliability study; a calibration session is a smaller,
#: repeated check, and below five the interval of the ICC spans almost the whole range.
ICC_MIN_UNITS = 5
#: Koo & Li (2016): below 0.5 poor, 0.5–0.75 moderate, 0.75–0.9 good, above 0.9 excellent.
ICC_EXCELLENT, ICC_GOOD, ICC_MODERATE = 0.90, 0.75, 0.50

#: Krippendorff's alpha of one question needs at least this many interactions with two or more ratings.
ALPHA_MIN_UNITS = 5
#: Krippendorff (2004, Content Analysis, 2nd ed., p. 241): rely on α ≥ 0.800, draw tentative conclusions
#: from 0.667 ≤ α < 0.800, discard data below 0.667.
ALPHA_RELIABLE, ALPHA_TENTATIVE = 0.800, 0.667

#: A backtest says something about a forecast only over a week or more of held-out days and enough contacts
#: that one busy afternoon does not decide it.
WAPE_MIN_DAYS = 7
WAPE_MIN_CONTACTS = 100
#: Daily WAPE bands (a share, 0.10 = 10 %): workforce-management practice aims for daily totals within
#: about 5–10 % of actual; beyond 20 % a plan built on the forecast is regularly wrong by a shift.
WAPE_GOOD, WAPE_FAIR = 0.10, 0.20


@dataclass(frozen=True, slots=True)
class Verdict:
    """What a figure says, in a word the page translates.

    ``key`` is one of ``better``, ``worse``, ``no_difference``, ``too_few`` (changes), ``excellent``,
    ``good``, ``moderate``, ``poor`` (ICC), ``reliable``, ``tentative``, ``unreliable`` (α), ``good``,
    ``fair``, ``poor`` (forecast accuracy); ``tone`` is ``good``, ``bad``, ``neutral`` or ``few``;
    ``arrow`` is ``↑``, ``↓``, ``→`` or empty.
    """

    key: str
    tone: str
    arrow: str = ""


TOO_FEW = Verdict("too_few", "few")


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def change_verdict(
    difference: float | None,
    ci_low: float | None,
    ci_high: float | None,
    p_value: float | None,
    *,
    too_few: bool,
    higher_is_better: bool = True,
) -> Verdict:
    """A difference (now − before, or this group − the rest) as better, worse or no clear difference.

    "Better" or "worse" needs both the 95 % interval to exclude zero and p < 0.05, so the verdict never
    contradicts a figure shown beside it (the interval and the test can disagree at the margin for
    proportions). Too few answers on either side, or no figure at all, is "too few to say".
    """
    if too_few or any(_missing(v) for v in (difference, ci_low, ci_high, p_value)):
        return TOO_FEW
    assert difference is not None and ci_low is not None and ci_high is not None and p_value is not None
    clear = p_value < SIGNIFICANCE and (ci_low > 0 or ci_high < 0)
    if not clear:
        return Verdict("no_difference", "neutral", "→")
    up = difference > 0
    good = up == higher_is_better
    return Verdict("better" if good else "worse", "good" if good else "bad", "↑" if up else "↓")


def group_verdict(flag: str) -> Verdict:
    """A breakdown row's flag (``above``, ``below``, ``no_evidence``, ``too_few``) from the corrected tests.

    The flag was decided by :func:`kohtaamo.lib.cxmetrics.groups.compare_groups` after Benjamini–Hochberg correction;
    this only words it like every other comparison. Higher is better for every survey metric.
    """
    return {
        "above": Verdict("better", "good", "↑"),
        "below": Verdict("worse", "bad", "↓"),
        "no_evidence": Verdict("no_difference", "neutral", "→"),
    }.get(flag, TOO_FEW)


def followup_verdict(reason: str, difference: float | None, *, higher_is_better: bool) -> Verdict | None:
    """A journey action's follow-up (``kohtaamo.lib.journeymath.followup``) in the shared words.

    Improved, even short of its target, is better; no change is no clear difference; too few data is too
    few to say. A follow-up whose four weeks are still running (or not started) has no verdict yet: None.
    """
    if reason == "too_few":
        return TOO_FEW
    if reason == "no_change":
        return Verdict("no_difference", "neutral", "→")
    if reason not in {"improved", "short_of_target", "worse"} or _missing(difference):
        return None
    assert difference is not None
    arrow = "↑" if difference > 0 else "↓" if difference < 0 else "→"
    if reason == "worse":
        return Verdict("worse", "bad", arrow)
    return Verdict("better", "good", arrow)


def icc_verdict(icc: float | None, units: int, raters: int = 2) -> Verdict:
    """Agreement on total scores by Koo & Li's bands; too few below :data:`ICC_MIN_UNITS` or two raters."""
    if _missing(icc) or units < ICC_MIN_UNITS or raters < 2:
        return TOO_FEW
    assert icc is not None
    if icc > ICC_EXCELLENT:
        return Verdict("excellent", "good")
    if icc >= ICC_GOOD:
        return Verdict("good", "good")
    if icc >= ICC_MODERATE:
        return Verdict("moderate", "neutral")
    return Verdict("poor", "bad")


def alpha_verdict(alpha: float | None, units: int) -> Verdict:
    """Agreement on one question by Krippendorff's thresholds; too few below :data:`ALPHA_MIN_UNITS`."""
    if _missing(alpha) or units < ALPHA_MIN_UNITS:
        return TOO_FEW
    assert alpha is not None
    if alpha >= ALPHA_RELIABLE:
        return Verdict("reliable", "good")
    if alpha >= ALPHA_TENTATIVE:
        return Verdict("tentative", "neutral")
    return Verdict("unreliable", "bad")


def wape_verdict(wape_day: float | None, holdout_days: int, actual_total: float) -> Verdict:
    """Forecast accuracy from the backtest's daily WAPE: good (≤ 10 %), fair (≤ 20 %) or poor."""
    if _missing(wape_day) or holdout_days < WAPE_MIN_DAYS or actual_total < WAPE_MIN_CONTACTS:
        return TOO_FEW
    assert wape_day is not None
    if wape_day <= WAPE_GOOD:
        return Verdict("good", "good")
    if wape_day <= WAPE_FAIR:
        return Verdict("fair", "neutral")
    return Verdict("poor", "bad")
