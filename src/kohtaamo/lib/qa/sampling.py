"""Reproducible, channel-stratified, optionally weighted sampling of interactions for QA.

Without Django so the draw itself can be property-tested: the same candidates and seed always
give the same sample, whatever order the database returned them in.

* **Stratified by channel**: an agent's quota is split over the channels in proportion to how
  many judgeable interactions they had on each (largest remainder), so a mostly-phone agent is
  not evaluated only on the odd chat.
* **Weighted**: a candidate with weight 3 (e.g. a low-CSAT interaction) is three times as likely
  to be drawn as one with weight 1 (Efraimidis–Spirakis keys ``u ** (1 / w)``).  The caller
  records *why* a candidate had extra weight, so reports can tell a random sample from a
  deliberately bad one.
* **Lowest score first** (``lowest_first``): a plan may send evaluators to the conversations the
  automatic QA scored worst; candidates without a score are drawn as before to fill the rest.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

__all__ = ["Candidate", "allocate", "lowest_first", "stratified_sample"]


@dataclass(frozen=True)
class Candidate:
    """An interaction that may be sampled: a unique id, its stratum (channel) and its weight (> 0)."""

    id: Hashable
    stratum: str
    weight: float = 1.0


def allocate(sizes: dict[str, int], n: int) -> dict[str, int]:
    """Split ``n`` draws over strata in proportion to their sizes (largest remainder, capped at size).

    Ties in the remainders go to the larger stratum, then the alphabetically first, so the
    split is deterministic.
    """
    total = sum(sizes.values())
    n = min(n, total)
    if n <= 0:
        return {name: 0 for name in sizes}
    exact = {name: n * size / total for name, size in sizes.items()}
    shares = {name: int(value) for name, value in exact.items()}
    order = sorted(sizes, key=lambda name: (-(exact[name] - shares[name]), -sizes[name], name))
    left = n - sum(shares.values())
    for name in order:
        if left == 0:
            break
        if shares[name] < sizes[name]:
            shares[name] += 1
            left -= 1
    return shares


def stratified_sample(candidates: Sequence[Candidate], n: int, seed: int | str) -> list[Candidate]:
    """Draw ``n`` candidates without replacement, stratified by ``stratum`` and weighted by ``weight``.

    Returns fewer than ``n`` only when there are fewer candidates.  The result is sorted by
    stratum then id, and depends only on the set of candidates and the seed.
    """
    if any(c.weight <= 0 for c in candidates):
        raise ValueError("candidate weights must be > 0")
    by_stratum: dict[str, list[Candidate]] = defaultdict(list)
    for candidate in sorted(candidates, key=lambda c: (c.stratum, str(c.id))):
        by_stratum[candidate.stratum].append(candidate)
    shares = allocate({name: len(items) for name, items in by_stratum.items()}, n)
    chosen: list[Candidate] = []
    for name in sorted(by_stratum):
        rng = random.Random(f"{seed}:{name}")
        keyed = [(rng.random() ** (1.0 / c.weight), c) for c in by_stratum[name]]
        keyed.sort(key=lambda pair: pair[0], reverse=True)
        chosen.extend(c for _, c in keyed[: shares[name]])
    return sorted(chosen, key=lambda c: (c.stratum, str(c.id)))


def lowest_first(
    candidates: Sequence[Candidate], scores: Mapping[Hashable, float], n: int, seed: int | str
) -> tuple[list[Candidate], list[Candidate]]:
    """Draw ``n`` candidates, those with the lowest score first; returns (picked by score, drawn at random).

    Equal scores are ordered by a seeded random key, so a tie at the cut is broken reproducibly and
    without favouring low ids. When fewer than ``n`` candidates have a score, the rest come from the
    unscored ones through ``stratified_sample`` (their weights still apply).
    """
    rng = random.Random(f"{seed}:lowest")
    ordered = sorted(candidates, key=lambda c: str(c.id))
    keys = {c.id: rng.random() for c in ordered}
    scored = sorted((c for c in ordered if c.id in scores), key=lambda c: (scores[c.id], keys[c.id]))
    by_score = scored[: max(n, 0)]
    rest = [c for c in ordered if c.id not in scores]
    return by_score, stratified_sample(rest, n - len(by_score), seed) if n > len(by_score) else []
