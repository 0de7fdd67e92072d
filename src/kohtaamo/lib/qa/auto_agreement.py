"""How far an automatic check agrees with human evaluators on the same interactions, and whether to rely on it.

Percent agreement and Krippendorff's alpha (nominal, from ``lib.agreement``) over (automatic, human)
pairs, alpha with a percentile bootstrap interval over the pairs. The verdict follows Krippendorff's
conventions: alpha ≥ 0.800 with the interval's lower end ≥ 0.667 is **trust**; alpha ≥ 0.667 (or no
alpha, because every answer was the same, with high agreement) is **review**; below that **do not
use**; and under :data:`MIN_PAIRS` pairs, **too few to say**.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass

from kohtaamo.lib.agreement.alpha import krippendorff_alpha

MIN_PAIRS = 30
TRUST_ALPHA, TENTATIVE_ALPHA = 0.800, 0.667
HIGH_PERCENT = 0.95
DRAWS = 500


@dataclass(frozen=True, slots=True)
class CheckAgreement:
    n: int
    percent: float | None
    alpha: float | None
    ci_low: float | None
    ci_high: float | None
    verdict: str  # trust, review, do_not_use, too_few


def _alpha(pairs: Sequence[tuple[bool, bool]]) -> float | None:
    return krippendorff_alpha([[int(a), int(h)] for a, h in pairs], "nominal")


def agreement_of(pairs: Sequence[tuple[bool, bool]], *, seed: int = 13, draws: int = DRAWS) -> CheckAgreement:
    """``pairs`` of (automatic answer, human answer); the bootstrap is seeded so a page shows the same figures."""
    n = len(pairs)
    if n == 0:
        return CheckAgreement(0, None, None, None, None, "too_few")
    percent = sum(a == h for a, h in pairs) / n
    alpha = _alpha(pairs)
    low = high = None
    if alpha is not None and n >= 2:
        rng = random.Random(seed)
        samples = sorted(
            value for _ in range(draws) if (value := _alpha([pairs[rng.randrange(n)] for _ in range(n)])) is not None
        )
        if samples:
            low, high = samples[int(0.025 * (len(samples) - 1))], samples[int(0.975 * (len(samples) - 1))]
    return CheckAgreement(n, percent, alpha, low, high, _verdict(n, percent, alpha, low))


def _verdict(n: int, percent: float, alpha: float | None, low: float | None) -> str:
    if n < MIN_PAIRS:
        return "too_few"
    if alpha is None:
        return "review" if percent >= HIGH_PERCENT else "do_not_use"
    if alpha >= TRUST_ALPHA and low is not None and low >= TENTATIVE_ALPHA:
        return "trust"
    return "review" if alpha >= TENTATIVE_ALPHA else "do_not_use"
