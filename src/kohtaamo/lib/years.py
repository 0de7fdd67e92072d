"""The years every time a person or a system sends us may fall in: 1900–2999.

Python's ``date`` and ``datetime`` take year 1, but 0001-01-01T00:00:00+05:00 has no UTC time (an
OverflowError) and interval maths through a time zone steps before year 1; no contact, answer or incident
is outside these years. Kept free of Django, since the record parser's worker processes import it.
"""

from datetime import date, datetime

FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)
YEARS = f"{FIRST_DAY.year}–{LAST_DAY.year}"


def in_our_years(moment: datetime | date) -> bool:
    """Whether a time is in the years every input takes (API types, records' and incidents' parsers)."""
    return FIRST_DAY.year <= moment.year <= LAST_DAY.year
