"""Calendar quarters, which the roadmap and the CX review are arranged by."""

import contextlib
from datetime import date


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + quarter // 4, 1 if quarter == 4 else 3 * quarter + 1, 1)
    return start, end


def parse_quarter(text: str | None, today: date) -> tuple[int, int]:
    """``"2026-2"`` as (2026, 2); missing or nonsense: the quarter of ``today``."""
    year, quarter = quarter_of(today)
    with contextlib.suppress(ValueError):
        year, quarter = (int(part) for part in (text or f"{year}-{quarter}").split("-"))
    if not 1 <= quarter <= 4 or not 2000 <= year <= 2100:
        year, quarter = quarter_of(today)
    return year, quarter


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def next_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year + 1, 1) if quarter == 4 else (year, quarter + 1)
