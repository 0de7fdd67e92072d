"""How much a topic goes with the score: the mean score of answers whose response mentions the topic
against the mean of those that do not, as a Welch difference with its interval (``cxmetrics.compare_means``).

The inputs are counts per score value (0–10 for NPS, 1–5 for CSAT), which is what one grouped query gives;
the answers that do not mention the topic are every answer less those that do.
"""

from collections.abc import Mapping

import numpy as np

from .cxmetrics import DEFAULT_MIN_N, Difference, compare_means


def _values(counts: Mapping[int, int]) -> np.ndarray:
    keys = sorted(value for value, n in counts.items() if n > 0)
    return np.repeat(np.asarray(keys, dtype=float), [counts[value] for value in keys])


def topic_impact(mentioning: Mapping[int, int], every: Mapping[int, int], *, min_n: int = DEFAULT_MIN_N) -> Difference:
    """Mean score of ``mentioning`` − mean score of the rest of ``every`` (both: score → number of answers)."""
    rest = {value: n - mentioning.get(value, 0) for value, n in every.items()}
    if any(n < 0 for n in rest.values()) or any(value not in every for value in mentioning):
        raise ValueError("the answers mentioning a topic must be among every answer")
    return compare_means(_values(mentioning), _values(rest), min_n=min_n)
