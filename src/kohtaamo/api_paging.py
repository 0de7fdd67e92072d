"""Cursor pages and JSONL exports for the API's list operations: one helper, every resource.

A page is ordered by one sort field and the id after it, so the order is total and stable; the cursor
carries the last row's sort value and id (base64url JSON: opaque to clients, checked when it comes back),
and the next page starts strictly after it (keyset pagination, no OFFSET). Rows inserted while a client
pages never shift the rows it has not read yet: with the default ``sort=id`` a client sees every row that
existed when it started exactly once, and new rows at the end (docs/api.md, "Pagination").
"""

import base64
import binascii
import json
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import StreamingHttpResponse
from ninja import Schema
from ninja.errors import HttpError
from ninja.responses import NinjaJSONEncoder
from pydantic import BaseModel, Field, create_model

from kohtaamo.lib.years import in_our_years

DEFAULT_LIMIT = 100
MAX_LIMIT = 500
EXPORT_CHUNK = 2000  # rows per query of an export: one keyset step, no server-side cursor held open
MAX_CURSOR = 500
BIGINT = 2**63 - 1


class ErrorOut(Schema):
    """The body of every error answer: ``detail`` says what was wrong (a text, or a list naming fields)."""

    detail: Any


class PageQuery(Schema):
    cursor: str | None = Field(None, max_length=MAX_CURSOR, description="`next_cursor` of the previous page")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"rows per page, 1 to {MAX_LIMIT}")
    sort: str = Field("id", max_length=40, description="a sort key of this list; `-` in front for descending")


_pages: dict[type, type[BaseModel]] = {}


def page_of(item: type[Schema]) -> type[BaseModel]:
    """The schema of a page of ``item`` (made once per item schema, so OpenAPI names it once)."""
    if item not in _pages:
        name = item.__name__.removesuffix("Out") + "Page"
        _pages[item] = create_model(name, items=(list[item], ...), next_cursor=(str | None, None))  # type: ignore[call-overload]
    return _pages[item]


def _encode(sort: str, value: Any, pk: int) -> str:
    raw = value.isoformat() if isinstance(value, date) else value
    # "d" says how to read the value back: true for a datetime, "date" for a day (a plan's first day).
    kind: bool | str = True if isinstance(value, datetime) else "date" if isinstance(value, date) else False
    text = json.dumps({"s": sort, "v": raw, "d": kind, "i": pk}, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _decode(cursor: str, sort: str) -> tuple[Any, int]:
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        value, pk = data["v"], int(data["i"])
        if data["s"] != sort:
            raise HttpError(400, "This cursor belongs to another sort order; start again without a cursor.")
        if data.get("d") == "date":
            value = date.fromisoformat(value)
        elif data.get("d"):
            value = datetime.fromisoformat(value)  # checked against the field in _checked
        if not isinstance(value, (int, str, date)) or isinstance(value, bool):
            raise TypeError
        if not 0 < pk <= BIGINT or (isinstance(value, int) and abs(value) > BIGINT):
            raise ValueError  # PostgreSQL refuses a number past bigint: a 500 at the query, not a 400
        if isinstance(value, str) and len(value) > MAX_CURSOR:
            raise ValueError
    except HttpError:
        raise
    except (ValueError, KeyError, TypeError, OverflowError, binascii.Error):
        raise HttpError(400, "The cursor is not one this API gave out.") from None
    return value, pk


def _checked(model: type[Model], field: str, value: Any) -> Any:
    """The cursor's value as the sort field takes it; a forged one (a text for a time, a time in year 1
    that has no UTC, an offset PostgreSQL refuses) is a 400 like any foreign cursor, not a 500."""
    try:
        model_field = model._meta.pk if field == "pk" else model._meta.get_field(field)
        value = model_field.to_python(value)  # type: ignore[union-attr]
    except (FieldDoesNotExist, ValidationError, TypeError, ValueError, OverflowError):
        raise HttpError(400, "The cursor is not one this API gave out.") from None
    if isinstance(value, datetime):
        if value.tzinfo is None or not in_our_years(value):
            raise HttpError(400, "The cursor is not one this API gave out.")
        value = value.astimezone(UTC)  # PostgreSQL takes offsets up to ±15:59 only
    return value


def _field(sort: str, sorts: dict[str, str]) -> tuple[str, bool]:
    name = sort.removeprefix("-")
    if name not in sorts:
        raise HttpError(400, f"sort must be one of: {', '.join(sorted(sorts))} (with - for descending).")
    return sorts[name], sort.startswith("-")


def cursor_page(queryset: QuerySet, query: PageQuery, sorts: dict[str, str]) -> dict[str, Any]:
    """One page of ``queryset`` for ``query``; ``sorts`` maps the list's sort keys to non-null fields."""
    field, descending = _field(query.sort, sorts)
    direction = "lt" if descending else "gt"
    rows = queryset.order_by(*((f"-{field}", "-pk") if descending else (field, "pk")))
    if query.cursor:
        value, pk = _decode(query.cursor, query.sort)
        value = _checked(rows.model, field, value)
        after = Q(**{f"{field}__{direction}": value}) | Q(**{field: value, f"pk__{direction}": pk})
        try:  # a value of the wrong type for the field (a made-up cursor) fails here, when the lookup is built
            rows = rows.filter(after)
        except (ValueError, TypeError, ValidationError):
            raise HttpError(400, "The cursor is not one this API gave out.") from None
    found = list(rows[: query.limit + 1])
    items = found[: query.limit]
    next_cursor = None
    if len(found) > query.limit:
        last = items[-1]
        next_cursor = _encode(query.sort, _value(last, field), last.pk)
    return {"items": items, "next_cursor": next_cursor}


def _value(row: Model, field: str) -> Any:
    value: Any = row
    for part in field.split("__"):
        value = getattr(value, part)
    return value


def jsonl_export(queryset: QuerySet, item: type[Schema], filename: str) -> StreamingHttpResponse:
    """Every row of ``queryset`` as one JSON object a line, streamed in id order, ``EXPORT_CHUNK`` rows per query."""

    def lines() -> Iterator[bytes]:
        last = 0
        while True:
            chunk = list(queryset.filter(pk__gt=last).order_by("pk")[:EXPORT_CHUNK])
            for row in chunk:
                # Encoded as the list's JSON renderer encodes it (times to the millisecond, UTC as Z), so a
                # line of an export is byte for byte the object the list and the get answer.
                yield json.dumps(item.from_orm(row).model_dump(by_alias=True), cls=NinjaJSONEncoder).encode() + b"\n"
            if len(chunk) < EXPORT_CHUNK:
                return
            last = chunk[-1].pk

    response = StreamingHttpResponse(lines(), content_type="application/x-ndjson; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.jsonl"'
    return response


def export_doc(item: type[Schema]) -> dict[str, Any]:
    """OpenAPI for an export operation: a JSONL stream of ``item`` objects."""
    return {
        "responses": {
            200: {
                "description": f"One {item.__name__.removesuffix('Out')} JSON object per line (JSON Lines).",
                "content": {"application/x-ndjson": {"schema": {"type": "string"}}},
            }
        }
    }


Serialise = Callable[[Model], dict]
