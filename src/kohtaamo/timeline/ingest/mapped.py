"""Reading another system's file through an import profile into parsed interaction records.

The records then take the one ingestion path (``interactions_ingest``): identity resolution, cases,
idempotency. A row or line that cannot be mapped becomes a rejection at its line, naming the file's
column; so does a mapped record the canonical parser refuses, with the column that filled the field.

A queue_log call is rebuilt from *all* its event lines: those in this file and those stored with the
call by earlier imports (``attributes.queue_log``), so a call split across two files, or a file
imported twice, comes out the same.
"""

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from kohtaamo.lib.importmap import MappingError, MappingProfile, map_row
from kohtaamo.lib.importmap.queuelog import LineInvalid, QueueEvent, call_row, parse_line
from kohtaamo.lib.importmap.rows import column_of
from kohtaamo.timeline.files import open_text
from kohtaamo.timeline.models import Interaction
from kohtaamo.timeline.records import FieldError, RecordInvalid, parse_record
from kohtaamo.workspaces.models import Workspace

from . import parse_options

CALLS_PER_LOOKUP = 1000  # call ids per query for the lines stored by earlier imports
EVENTS_ATTRIBUTE = "queue_log"


@dataclass
class MappedRead:
    """What reading a file through a profile found besides records (for the command's summary)."""

    lines: int = 0
    passed_over: int = 0  # queue_log lines about agents and queues, not calls


def mapped_records(
    *, workspace: Workspace, path: Path, profile: MappingProfile, default_source: str, read: MappedRead | None = None
) -> Iterator[tuple[int, Any]]:
    """(line, parsed record or RecordInvalid) pairs of ``path`` read through ``profile``."""
    read = read if read is not None else MappedRead()
    parse = _Parser(workspace, profile, default_source)
    if profile.format == "asterisk-queue-log":
        yield from _queue_log_records(workspace, path, parse, read)
        return
    for position, row in _csv_rows(path, profile, read):
        yield position, row if isinstance(row, RecordInvalid) else parse(row)


class _Parser:
    """A profile's row → the parsed canonical record, with errors named by the file's columns."""

    def __init__(self, workspace: Workspace, profile: MappingProfile, default_source: str) -> None:
        self.profile = profile
        self.options = parse_options(workspace, default_source)
        self.source = profile.constant("source") or default_source

    def __call__(self, row: dict[str, str], extra_attributes: dict | None = None) -> Any:
        try:
            record = map_row(self.profile, row)
            if extra_attributes:
                record.setdefault("attributes", {}).update(extra_attributes)
            return parse_record(record, **self.options)
        except MappingError as error:
            return RecordInvalid([FieldError(p.column, p.message) for p in error.problems], error.external_id)
        except RecordInvalid as invalid:
            named = [FieldError(column_of(self.profile, e.field) or e.field, e.message) for e in invalid.errors]
            return RecordInvalid(named, invalid.external_id)


def _csv_rows(path: Path, profile: MappingProfile, read: MappedRead) -> Iterator[tuple[int, Any]]:
    with open_text(path) as handle:
        for _ in range(profile.skip_lines):
            handle.readline()
        reader = csv.reader(handle, delimiter=profile.delimiter)
        columns: list[str] = list(profile.columns)
        offset = profile.skip_lines
        if profile.header:
            columns = [c.strip() for c in next(reader, [])]
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                yield reader.line_num + offset, RecordInvalid([FieldError("row", f"cannot be read as CSV ({error})")])
                continue
            read.lines += 1
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
                message = f"has {len(cells)} cells; the profile names {len(columns)} columns"
                yield reader.line_num + offset, RecordInvalid([FieldError("row", message)])
                continue
            yield reader.line_num + offset, dict(zip(columns, cells, strict=False))


def _queue_log_records(workspace: Workspace, path: Path, parse: _Parser, read: MappedRead) -> Iterator[tuple[int, Any]]:
    calls: dict[str, list[QueueEvent]] = {}
    first_line: dict[str, int] = {}
    with open_text(path) as handle:
        for position, text in enumerate(handle, 1):
            if not text.strip():
                continue
            read.lines += 1
            try:
                event = parse_line(text)
            except LineInvalid as invalid:
                yield position, RecordInvalid([FieldError(invalid.column, invalid.message)])
                continue
            if event is None:
                read.passed_over += 1
                continue
            calls.setdefault(event.callid, []).append(event)
            first_line.setdefault(event.callid, position)
    ids = iter(list(calls))
    while chunk := list(islice(ids, CALLS_PER_LOOKUP)):
        stored = _stored_events(workspace, parse.source, chunk)
        for callid in chunk:
            events = set(calls[callid]) | stored.get(callid, set())
            lines = [e.line for e in sorted(events)]
            yield first_line[callid], parse(call_row(events), {EVENTS_ATTRIBUTE: lines})


def _stored_events(workspace: Workspace, source: str, callids: list[str]) -> dict[str, set[QueueEvent]]:
    """The event lines earlier imports stored with these calls."""
    rows = (
        Interaction.objects.of(workspace)
        .filter(source=source, external_id__in=callids)
        .values_list("external_id", "attributes")
    )
    found: dict[str, set[QueueEvent]] = {}
    for callid, attributes in rows:
        lines = attributes.get(EVENTS_ATTRIBUTE) if isinstance(attributes, dict) else None
        for line in lines if isinstance(lines, list) else ():
            try:
                event = parse_line(str(line))
            except LineInvalid:
                continue
            if event is not None and event.callid == callid:
                found.setdefault(callid, set()).add(event)
    return found
