"""What a staffing plan is asked: the forecasts, the rota's shifts and the plan's assumptions."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, time

import numpy as np
from numpy.typing import NDArray

#: Heads are planned and compared separately for in-house teams and the outsourcing partner.
GROUPS = ("in_house", "partner")
# Day numbers as ``kohtaamo.lib.intervals.local_days`` counts them.
_EPOCH_DAY = date(1970, 1, 1)


@dataclass(frozen=True)
class Demand:
    """One queue-channel forecast: volume and AHT on its own interval grid."""

    queue_id: int
    channel: str
    starts: NDArray[np.int64]
    interval_minutes: int
    volume: NDArray[np.float64]
    aht_seconds: NDArray[np.float64]


@dataclass(frozen=True)
class Shift:
    team: str
    partner: bool
    weekdays: tuple[int, ...]
    start: time
    end: time
    heads: int
    valid_from: date | None = None
    valid_to: date | None = None

    def valid_on(self, days: NDArray[np.int64]) -> NDArray[np.bool_]:
        """Which local day numbers fall within the shift's validity (both ends inclusive)."""
        valid = np.ones(days.shape, dtype=bool)
        if self.valid_from:
            valid &= days >= (self.valid_from - _EPOCH_DAY).days
        if self.valid_to:
            valid &= days <= (self.valid_to - _EPOCH_DAY).days
        return valid


@dataclass(frozen=True)
class Assumptions:
    start: date
    end: date  # inclusive
    interval_minutes: int = 30
    sl_target: float = 0.8
    sl_seconds: float = 20.0
    max_occupancy: float = 0.85
    patience_seconds: float | None = None
    chat_concurrency: int = 2
    chat_sl_seconds: float = 60.0
    email_deadline_days: float = 1.0
    shrinkage: Mapping[str, float] = field(default_factory=dict)
    opening_hours: Mapping[str, Sequence[str]] = field(default_factory=dict)
    volume_factor: float = 1.0
    volume_from: date | None = None
    volume_to: date | None = None
    aht_factor: float = 1.0
    partner_share: float = 0.0

    def volume_factors(self, days: NDArray[np.int64]) -> NDArray[np.float64]:
        """The scenario's volume factor on each local day number, 1 outside ``volume_from``-``volume_to``.

        Either end left unset leaves that side open, so a factor alone applies to the whole plan.
        """
        first = (self.volume_from - _EPOCH_DAY).days if self.volume_from else -(10**9)
        last = (self.volume_to - _EPOCH_DAY).days if self.volume_to else 10**9
        return np.where((days >= first) & (days <= last), self.volume_factor, 1.0)
