"""``Text``, ``Id``, ``Moment`` and page numbers: the types every API schema field and parameter uses.

``Text`` is the ``str`` checked by ``lib.wellformed``.

A lone surrogate or a NUL becomes pydantic's 422 naming the field (``loc``) instead of a 500 when the
value reaches the database; every accepted value is in NFC.
"""

from datetime import date, datetime
from typing import Annotated

from ninja import Schema
from ninja.pagination import PageNumberPagination
from pydantic import AfterValidator, Field

from kohtaamo.lib.wellformed import ID_MAX, TextInvalid, clean_text


def _well_formed(value: str) -> str:
    try:
        return clean_text(value)
    except TextInvalid as error:
        raise ValueError(str(error)) from None  # pydantic reports a ValueError as the field's error


Text = Annotated[str, AfterValidator(_well_formed)]

# Moments the database can store whatever their offset: 0001-01-01T00:00+14:00 is before year 1 in UTC,
# and converting it (as every query does) overflowed into a 500.
EARLIEST, LATEST = date(1, 1, 2), date(9999, 12, 30)


def storable_moment(value: datetime) -> datetime:
    """``value`` when it is between 0001-01-02 and 9999-12-30 (a day's margin for any offset); else ValueError."""
    if not EARLIEST <= value.date() <= LATEST:
        raise ValueError("is out of range: give a time between 0001-01-02 and 9999-12-30")
    return value


# A time in a query or body (ISO 8601): one the database can compare with, never an overflow.
Moment = Annotated[datetime, AfterValidator(storable_moment)]

# An id in a path or query: a positive number a database column can hold (a bigger one overflows
# SQLite's integer and answered 500).
Id = Annotated[int, Field(ge=1, le=ID_MAX)]
MAX_PAGE = 1_000_000
MAX_PAGE_SIZE = 500


class BoundedPages(PageNumberPagination):
    """Ninja's page numbers with an upper bound: ``?page=1827454975360471400448`` is a 400, not a 500.

    An unbounded page times the page size is an OFFSET past any integer the database takes.
    """

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description=f"1 to {MAX_PAGE:,}")
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE, description=f"1 to {MAX_PAGE_SIZE}")
