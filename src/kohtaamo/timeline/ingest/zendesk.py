"""A Zendesk incremental export file → parsed interaction records for the one ingestion path.

The file is one export page (``.json``) or one page per line (``.jsonl``, as a script that follows
``after_cursor`` writes them), optionally gzipped. A ticket's comments already stored are read back by
comment id (``lib.importmap.zendesk``), so an updated ticket keeps its whole conversation.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from kohtaamo.lib.importmap.zendesk import SOURCE, Export, is_older, ticket_record
from kohtaamo.timeline.files import open_text
from kohtaamo.timeline.models import Interaction
from kohtaamo.timeline.records import FieldError, RecordInvalid, parse_record
from kohtaamo.workspaces.models import Workspace

from . import parse_options

TICKETS_PER_LOOKUP = 1000


@dataclass
class ZendeskRead:
    older: int = 0  # tickets whose stored version is newer than the file's: left as they are


def zendesk_records(*, workspace: Workspace, path: Path, read: ZendeskRead | None = None) -> Iterator[tuple[int, Any]]:
    """(line, parsed record or RecordInvalid) for every ticket in the export file."""
    read = read if read is not None else ZendeskRead()
    export = Export()
    for line, page in _pages(path):
        if isinstance(page, RecordInvalid):
            yield line, page
            continue
        for problem in export.add_page(page, line):
            yield line, RecordInvalid([FieldError(problem.where, problem.message)])
    for ticket_id in export.orphan_comments():
        reason = "come without their ticket: export the tickets (with include=users) together with the events"
        yield export.comment_lines[ticket_id], RecordInvalid([FieldError("comments", reason)], str(ticket_id))
    options = parse_options(workspace, SOURCE)
    ids = iter(sorted(export.tickets))
    while chunk := list(islice(ids, TICKETS_PER_LOOKUP)):
        stored = _stored(workspace, chunk)
        for ticket_id in chunk:
            transcript, attributes = stored.get(str(ticket_id), ([], {}))
            if is_older(export.tickets[ticket_id], attributes):
                read.older += 1
                continue
            try:
                record = parse_record(ticket_record(export, ticket_id, transcript, attributes), **options)
            except RecordInvalid as invalid:
                record = invalid
            yield export.positions[ticket_id], record


def _pages(path: Path) -> Iterator[tuple[int, Any]]:
    """(line, page) pairs: a whole-file JSON page, or one page per line."""
    with open_text(path) as handle:
        text = handle.read()
    try:
        yield 1, json.loads(text)
        return
    except json.JSONDecodeError as error:
        if not _one_page_per_line(text):
            yield error.lineno, RecordInvalid([FieldError("file", f"is not valid JSON ({error.msg})")])
            return
    except (ValueError, RecursionError):
        yield 1, RecordInvalid([FieldError("file", "is JSON too large or too deep to read")])
        return
    for line, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            yield line, json.loads(raw)
        except json.JSONDecodeError as error:
            yield line, RecordInvalid([FieldError("line", f"is not valid JSON ({error.msg})")])
        except (ValueError, RecursionError):
            yield line, RecordInvalid([FieldError("line", "is JSON too large or too deep to read")])


def _one_page_per_line(text: str) -> bool:
    """A JSON Lines file (its first line a whole page) rather than one page that is broken."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    try:
        json.loads(first)
    except (ValueError, RecursionError):
        return False
    return True


def _stored(workspace: Workspace, ticket_ids: list[int]) -> dict[str, tuple[list, dict]]:
    """The transcript and attributes stored for these tickets by earlier imports."""
    rows = (
        Interaction.objects.of(workspace)
        .filter(source=SOURCE, external_id__in=[str(i) for i in ticket_ids])
        .values_list("external_id", "transcript", "attributes")
    )
    return {
        external_id: (transcript if isinstance(transcript, list) else [], attributes or {})
        for external_id, transcript, attributes in rows
    }
