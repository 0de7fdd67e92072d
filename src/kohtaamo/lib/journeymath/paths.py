"""The paths customers really take: contact sequences per case or per customer, without Django.

A *journey* is one case's contacts, or one customer's contacts with no gap longer than a window
(e.g. 7 days), in time order. From journeys we read the top paths (``web → chat → phone``), channel
switches (a chat that ended in a call) with the time between steps, contacts per resolved journey,
where unresolved journeys end, and the step-by-step transitions a Sankey diagram draws.

Process-mining libraries do this too, but pm4py is AGPL and works row by row. Here everything is
vectorised with numpy over parallel arrays, so a million contacts take well under a second: paths are
encoded as integers (one digit per step, base = number of labels + 1), so counting them is one
``np.unique``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from kohtaamo.lib.cxmetrics import Estimate, mean_estimate, proportion_estimate

__all__ = [
    "CONTINUES",
    "RESOLVED",
    "UNRESOLVED",
    "EndCount",
    "Events",
    "JourneyTable",
    "PathCount",
    "PathReport",
    "SankeyLink",
    "Transition",
    "journeys",
    "path_report",
]

#: End nodes of the Sankey: the journey was resolved, ended unresolved, or goes on beyond the drawn steps.
RESOLVED = "resolved"
UNRESOLVED = "unresolved"
CONTINUES = "continues"


@dataclass(frozen=True)
class Events:
    """Contacts as parallel arrays (any order).

    ``group`` is the case or customer id; a negative group means the contact belongs to nobody known
    (no customer, no case) and forms a journey on its own. ``step`` indexes ``labels`` (a channel or
    touchpoint), ``at`` is seconds since the epoch, ``resolved`` says the contact ended the matter.
    """

    group: np.ndarray
    step: np.ndarray
    at: np.ndarray
    resolved: np.ndarray
    labels: tuple[str, ...]

    def __post_init__(self) -> None:
        sizes = {len(self.group), len(self.step), len(self.at), len(self.resolved)}
        if len(sizes) != 1:
            raise ValueError(f"the arrays must have one length, got {sorted(sizes)}")
        if len(self.step) and (self.step.min() < 0 or self.step.max() >= len(self.labels)):
            raise ValueError("every step must index a label")

    def __len__(self) -> int:
        return len(self.group)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[int | None, str, datetime | float, bool]]) -> Events:
        """Build from ``(group, label, at, resolved)`` tuples; ``at`` is an aware datetime or epoch seconds."""
        rows = list(rows)
        labels = tuple(sorted({row[1] for row in rows}))
        index = {label: i for i, label in enumerate(labels)}
        return cls(
            group=np.array([-1 if g is None else g for g, *_ in rows], dtype=np.int64),
            step=np.array([index[row[1]] for row in rows], dtype=np.int64),
            at=np.array([a.timestamp() if isinstance(a, datetime) else a for _, _, a, _ in rows], dtype=np.float64),
            resolved=np.array([bool(row[3]) for row in rows], dtype=bool),
            labels=labels,
        )


@dataclass(frozen=True)
class JourneyTable:
    """Events sorted into journeys, and one row per journey.

    ``order`` sorts the input events by (group, time); ``start`` and ``length`` locate each journey in
    that sorted order. Per journey: ``elapsed`` seconds from first to last contact, ``switches`` (steps
    whose label differs from the previous step's), ``resolved`` (its last contact resolved the matter),
    ``group``.
    """

    order: np.ndarray
    journey_of: np.ndarray
    start: np.ndarray
    length: np.ndarray
    elapsed: np.ndarray
    switches: np.ndarray
    resolved: np.ndarray
    group: np.ndarray

    def __len__(self) -> int:
        return len(self.start)

    @property
    def last(self) -> np.ndarray:
        """Position (in sorted order) of each journey's last contact."""
        return self.start + self.length - 1


def journeys(events: Events, *, gap_seconds: float | None = None) -> JourneyTable:
    """Split contacts into journeys: by group, and also wherever a group is silent longer than the gap."""
    n = len(events)
    group = events.group.astype(np.int64, copy=True)
    alone = group < 0
    if alone.any():
        # Unknown contacts each get a group of their own, beyond every real id.
        top = int(group.max()) + 1 if n else 0
        group[alone] = top + np.arange(int(alone.sum()), dtype=np.int64)
    order = np.lexsort((events.at, group))
    g, at = group[order], events.at[order]
    new = np.ones(n, dtype=bool)
    if n > 1:
        new[1:] = g[1:] != g[:-1]
        if gap_seconds is not None:
            new[1:] |= (at[1:] - at[:-1]) > gap_seconds
    start = np.flatnonzero(new)
    length = np.diff(np.append(start, n))
    journey_of = np.cumsum(new) - 1
    step = events.step[order]
    changed = np.zeros(n, dtype=np.int64)
    if n > 1:
        changed[1:] = (step[1:] != step[:-1]) & ~new[1:]
    switches = np.add.reduceat(changed, start) if n else np.zeros(0, dtype=np.int64)
    last = start + length - 1
    return JourneyTable(
        order=order,
        journey_of=journey_of,
        start=start,
        length=length,
        elapsed=at[last] - at[start] if n else np.zeros(0),
        switches=switches,
        resolved=events.resolved[order][last] if n else np.zeros(0, dtype=bool),
        group=g[start] if n else np.zeros(0, dtype=np.int64),
    )


@dataclass(frozen=True)
class PathCount:
    """One path (its steps, ``truncated`` when longer than the steps kept) and how it went."""

    steps: tuple[str, ...]
    truncated: bool
    n: int
    share: float
    resolved_share: float
    mean_contacts: float
    median_elapsed_s: float


@dataclass(frozen=True)
class Transition:
    """Consecutive contacts in one journey: from ``source`` to ``target``, how often and how far apart."""

    source: str
    target: str
    n: int
    median_gap_s: float

    @property
    def is_switch(self) -> bool:
        return self.source != self.target


@dataclass(frozen=True)
class SankeyLink:
    """From ``source`` at step ``step`` (0-based) to ``target`` at the next step, or to an end node."""

    step: int
    source: str
    target: str
    n: int


@dataclass(frozen=True)
class EndCount:
    """Journeys whose last contact was on ``label``, and how many of them ended unresolved."""

    label: str
    journeys: int
    unresolved: int
    unresolved_percent: Estimate


@dataclass(frozen=True)
class PathReport:
    contacts: int
    journeys: int
    resolved: Estimate
    first_contact_resolved: Estimate
    contacts_per_resolved: Estimate
    median_elapsed_s: float
    paths: tuple[PathCount, ...]
    transitions: tuple[Transition, ...]
    sankey: tuple[SankeyLink, ...]
    ends: tuple[EndCount, ...]
    table: JourneyTable

    @property
    def switches(self) -> tuple[Transition, ...]:
        return tuple(t for t in self.transitions if t.is_switch)


def path_report(
    events: Events,
    *,
    gap_seconds: float | None = None,
    max_steps: int = 6,
    top: int = 15,
    sankey_steps: int = 4,
    collapse_repeats: bool = False,
) -> PathReport:
    """Everything the paths page shows, from one sort of the contacts.

    With ``collapse_repeats`` a path lists a channel once however many times in a row it was used
    (phone → phone → chat reads phone → chat); contact counts still count every contact.
    """
    table = journeys(events, gap_seconds=gap_seconds)
    step = events.step[table.order]
    resolved_journeys = int(table.resolved.sum())
    single = table.length == 1
    multi = table.elapsed[~single]
    return PathReport(
        contacts=len(events),
        journeys=len(table),
        resolved=proportion_estimate(resolved_journeys, len(table)),
        first_contact_resolved=proportion_estimate(int((table.resolved & single).sum()), len(table)),
        contacts_per_resolved=mean_estimate(table.length[table.resolved].astype(float).tolist(), bounds=(1, math.inf)),
        median_elapsed_s=float(np.median(multi)) if len(multi) else math.nan,
        paths=_top_paths(events.labels, step, table, max_steps, top, collapse_repeats),
        transitions=_transitions(events, table, step),
        sankey=_sankey(events.labels, step, table, sankey_steps),
        ends=_ends(events.labels, step, table),
        table=table,
    )


def _top_paths(
    labels: tuple[str, ...], step: np.ndarray, table: JourneyTable, max_steps: int, top: int, collapse: bool
) -> tuple[PathCount, ...]:
    n = len(step)
    if n == 0:
        return ()
    base = len(labels) + 1
    if base ** (max_steps + 1) >= 2**62:
        raise ValueError(f"{len(labels)} labels × {max_steps} steps do not fit one integer per path")
    keep = np.ones(n, dtype=bool)
    if collapse and n > 1:
        keep[1:] = (step[1:] != step[:-1]) | (table.journey_of[1:] != table.journey_of[:-1])
    # Position of each kept step within its journey.
    kept_before = np.cumsum(keep) - keep
    position = kept_before - kept_before[table.start][table.journey_of]
    digits = np.where(keep & (position < max_steps), (step + 1) * base ** np.minimum(position, max_steps), 0)
    steps_kept = np.add.reduceat(keep.astype(np.int64), table.start)
    codes = np.add.reduceat(digits.astype(np.int64), table.start) + (steps_kept > max_steps) * base**max_steps
    unique, inverse, counts = np.unique(codes, return_inverse=True, return_counts=True)
    resolved = np.bincount(inverse, weights=table.resolved, minlength=len(unique))
    contacts = np.bincount(inverse, weights=table.length, minlength=len(unique))
    chosen = np.lexsort((unique, -counts))[:top]
    paths = []
    for k in chosen:
        code, truncated = int(unique[k]), False
        if code >= base**max_steps:
            code, truncated = code - base**max_steps, True
        names = []
        while code:
            code, digit = divmod(code, base)
            names.append(labels[digit - 1])
        paths.append(
            PathCount(
                steps=tuple(names),
                truncated=truncated,
                n=int(counts[k]),
                share=float(100.0 * counts[k] / len(table)),
                resolved_share=float(100.0 * resolved[k] / counts[k]),
                mean_contacts=float(contacts[k] / counts[k]),
                median_elapsed_s=float(np.median(table.elapsed[inverse == k])),
            )
        )
    return tuple(paths)


def _transitions(events: Events, table: JourneyTable, step: np.ndarray) -> tuple[Transition, ...]:
    if len(step) < 2:
        return ()
    width = len(events.labels)
    same_journey = table.journey_of[1:] == table.journey_of[:-1]
    pair = (step[:-1] * width + step[1:])[same_journey]
    at = events.at[table.order]
    gap = (at[1:] - at[:-1])[same_journey]
    if not len(pair):
        return ()
    order = np.lexsort((gap, pair))
    pair, gap = pair[order], gap[order]
    starts = np.flatnonzero(np.r_[True, pair[1:] != pair[:-1]])
    counts = np.diff(np.append(starts, len(pair)))
    result = []
    for s, c in zip(starts, counts, strict=True):
        middle = gap[s + (c - 1) // 2 : s + c // 2 + 1]
        source, target = divmod(int(pair[s]), width)
        result.append(Transition(events.labels[source], events.labels[target], int(c), float(middle.mean())))
    result.sort(key=lambda t: (-t.n, t.source, t.target))
    return tuple(result)


def _sankey(labels: tuple[str, ...], step: np.ndarray, table: JourneyTable, steps: int) -> tuple[SankeyLink, ...]:
    n = len(step)
    if n == 0:
        return ()
    width = len(labels)
    position = np.arange(n) - table.start[table.journey_of]
    links: list[SankeyLink] = []
    # Step-to-step links inside the drawn steps.
    inner = np.flatnonzero((position[1:] > 0) & (position[1:] < steps)) + 1
    if len(inner):
        key = (position[inner] - 1) * width * width + step[inner - 1] * width + step[inner]
        unique, counts = np.unique(key, return_counts=True)
        for k, c in zip(unique, counts, strict=True):
            pos, rest = divmod(int(k), width * width)
            source, target = divmod(rest, width)
            links.append(SankeyLink(pos, labels[source], labels[target], int(c)))
    # Each journey's last drawn step flows into how it ended.
    last_drawn = table.start + np.minimum(table.length, steps) - 1
    end = np.where(table.length > steps, 2, np.where(table.resolved, 0, 1))
    key = (np.minimum(table.length, steps) - 1) * width * 3 + step[last_drawn] * 3 + end
    unique, counts = np.unique(key, return_counts=True)
    for k, c in zip(unique, counts, strict=True):
        pos, rest = divmod(int(k), width * 3)
        source, kind = divmod(rest, 3)
        links.append(SankeyLink(pos, labels[source], (RESOLVED, UNRESOLVED, CONTINUES)[kind], int(c)))
    return tuple(links)


def _ends(labels: tuple[str, ...], step: np.ndarray, table: JourneyTable) -> tuple[EndCount, ...]:
    if not len(table):
        return ()
    last = step[table.last]
    total = np.bincount(last, minlength=len(labels))
    unresolved = np.bincount(last, weights=~table.resolved, minlength=len(labels)).astype(int)
    ends = []
    for i in np.flatnonzero(total):
        ends.append(
            EndCount(
                label=labels[i],
                journeys=int(total[i]),
                unresolved=int(unresolved[i]),
                unresolved_percent=proportion_estimate(int(unresolved[i]), int(total[i])),
            )
        )
    ends.sort(key=lambda e: (-e.unresolved, e.label))
    return tuple(ends)
