"""A long per-agent table cut to its ends: the best and the worst few, a search and a way to see every row.

A contact centre with 300 agents made report pages of 300 rows that nobody reads top to bottom; what a lead
looks for is who stands out at either end, or one named person. The cut is made on the server from the
page's query string (``find`` and ``all``), so it works without JavaScript and a link to it can be shared.
Rows that may not be ranked (too few evaluations to compare) never appear at an end: they are counted among
the hidden rows and shown by a search or by "show all", as they were before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

FIND = "find"
SHOW_ALL = "all"
SHOWN_AT_EACH_END = 10


@dataclass(frozen=True)
class Shortlist[T]:
    """The rows to show, in their order: ``top``, then (after a gap of ``hidden`` rows) ``bottom``."""

    top: list[T]
    bottom: list[T]
    hidden: int
    total: int
    query: str
    showing_all: bool
    kept: list[tuple[str, str]]  # the page's other query parameters, kept by the search form

    @property
    def cut(self) -> bool:
        """Whether some rows are left out, so the page offers "show all"."""
        return self.hidden > 0

    @property
    def rows(self) -> list[T]:
        return self.top + self.bottom

    @property
    def gap_at(self) -> int:
        """The index in ``rows`` where the left-out rows would be (-1 when the ends meet)."""
        return len(self.top) if self.bottom else -1

    @property
    def all_query(self) -> str:
        return "?" + urlencode([*self.kept, (SHOW_ALL, "1")])

    @property
    def short_query(self) -> str:
        return "?" + urlencode(self.kept)


def shortlist[T](
    rows: Sequence[T],
    *,
    label: Callable[[T], str],
    ranked: Callable[[T], bool],
    params: Iterable[tuple[str, list[str]]],
    n: int = SHOWN_AT_EACH_END,
) -> Shortlist[T]:
    """Cut ``rows`` (already in rank order, best first) to their ends unless the query asks for more.

    ``params`` are the page's query parameters with their values (a QueryDict's ``lists()``); a search
    (``find``) shows every row whose ``label`` contains it, whatever its case; ``all=1`` shows every row.
    """
    pairs = [(key, value) for key, values in params for value in values]
    query = next((value.strip() for key, value in pairs if key == FIND), "")
    showing_all = any(key == SHOW_ALL and value == "1" for key, value in pairs)
    kept = [(key, value) for key, value in pairs if key not in {FIND, SHOW_ALL}]
    if query:
        wanted = query.casefold()
        shown = [row for row in rows if wanted in label(row).casefold()]
        return Shortlist(shown, [], len(rows) - len(shown), len(rows), query, False, kept)
    if showing_all or len(rows) <= 2 * n:  # a short table is shown whole, as it always was
        return Shortlist(list(rows), [], 0, len(rows), "", showing_all, kept)
    comparable = [row for row in rows if ranked(row)]
    top, bottom = (comparable, []) if len(comparable) <= 2 * n else (comparable[:n], comparable[-n:])
    return Shortlist(top, bottom, len(rows) - len(top) - len(bottom), len(rows), "", False, kept)
