"""``Text``, ``Id``, ``Day``, ``Moment`` and page numbers: the types every API schema field and parameter uses.

``Text`` is the ``str`` checked by ``lib.wellformed``.

A lone surrogate or a NUL becomes pydantic's 422 naming the field (``loc``) instead of a 500 when the
value reaches the database; every accepted value is in NFC.
"""

from datetime import UTC, date, datetime
from typing import Annotated

from ninja import Schema
from ninja.pagination import PageNumberPagination
from pydantic import AfterValidator, Field

from kohtaamo.lib.wellformed import ID_MAX, TextInvalid, clean_text
from kohtaamo.lib.years import FIRST_DAY, LAST_DAY, YEARS, in_our_years


def _well_formed(value: str) -> str:
    try:
        return clean_text(value)
    except TextInvalid as error:
        raise ValueError(str(error)) from None  # pydantic reports a ValueError as the field's error


Text = Annotated[str, AfterValidator(_well_formed)]

# An id in a path or query: a positive number a database column can hold (a bigger one overflows
# SQLite's integer and answered 500).
Id = Annotated[int, Field(ge=1, le=ID_MAX)]
# A calendar day in a query: years 1900–2999. ``date`` alone takes 0001-01-01, and the interval maths
# (local midnights through a time zone) then steps before year 1 and answered 500.
Day = Annotated[date, Field(ge=FIRST_DAY, le=LAST_DAY)]


def _in_our_years(value: datetime) -> datetime:
    """The time in UTC when it has an offset: Python takes offsets up to ±23:59, PostgreSQL only ±15:59."""
    if not in_our_years(value):
        raise ValueError(f"a time in the years {YEARS}")
    return value.astimezone(UTC) if value.tzinfo is not None else value


# A time in a query, in the same years: 0001-01-01T00:00:00+05:00 is a valid ISO 8601 time that cannot be
# turned into UTC (OverflowError, a 500 on every list filtered by time, and a lost batch on ingestion).
Moment = Annotated[datetime, AfterValidator(_in_our_years)]
MAX_PAGE = 1_000_000
MAX_PAGE_SIZE = 500


class BoundedPages(PageNumberPagination):
    """Ninja's page numbers with an upper bound: ``?page=1827454975360471400448`` is a 400, not a 500.

    An unbounded page times the page size is an OFFSET past any integer the database takes.
    """

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description=f"1 to {MAX_PAGE:,}")
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE, description=f"1 to {MAX_PAGE_SIZE}")
