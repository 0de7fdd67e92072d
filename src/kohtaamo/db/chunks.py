"""Long ``IN (…)`` lists, cut into chunks of one project-wide size.

Every query that filters on a list of ids the caller collected (``pk__in=ids``, ``WHERE value IN (…)``)
sends it ``IN_LIST_CHUNK`` at a time. This is about ids per IN list, not the bound variables of one
multi-row INSERT (``kohtaamo.db.rows.MAX_VARIABLES``) nor a cursor's fetch size (``iterator(chunk_size=…)``).
"""

from collections.abc import Iterable, Iterator
from itertools import batched

# 5,000 ids per IN list: safe on both databases, and the fewest queries that stay fast on both.
# - Safe: SQLite allows 32,766 bound variables (since 3.32; the multi-row INSERTs already need that), so a
#   chunk leaves ample room for the query's other parameters; PostgreSQL takes more still.
# - Fewest queries: these lists are workspace-scoped (``workspace = %s AND id IN (…)``). Without planner
#   statistics (SQLite never gets any here: nothing runs ANALYZE; PostgreSQL until autovacuum's first
#   analyze) both databases read such a query through the workspace index, so every chunk walks the
#   workspace's rows: cost grows with the number of chunks. Measured over 200,000 interactions: 900 ids
#   per chunk took 3.5× (SQLite) and 5× (PostgreSQL) as long as 5,000. With statistics the id index is
#   used and 900 and 5,000 differ by under 15 %.
# - Not larger: PostgreSQL estimates an IN list element by element. 5,000 ids still get the id index
#   (3 ms of planning); 30,000 got a sequential scan after 96 ms of planning. 5,000 is also what the
#   largest scans (journeys, case continuity) already used.
IN_LIST_CHUNK = 5000


def chunks[T](values: Iterable[T]) -> Iterator[tuple[T, ...]]:
    """``values`` in consecutive tuples of at most ``IN_LIST_CHUNK``, in their order (any iterable, read lazily)."""
    return batched(values, IN_LIST_CHUNK)
