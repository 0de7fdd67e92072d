"""Reading bulk files (``.jsonl`` or ``.csv``, optionally gzipped) as positioned records.

Positions are 1-based line numbers as an editor shows them; for CSV the header is line 1. A line that
is not valid JSON becomes a :class:`RecordInvalid` at its position instead of stopping the import.
"""

import csv
import gzip
import io
import json
import multiprocessing
import os
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial
from itertools import islice
from pathlib import Path
from typing import IO, Any

from kohtaamo.lib.collector import collector_paused
from kohtaamo.lib.text.pii import Redactor
from kohtaamo.lib.wellformed import loads_checked
from kohtaamo.timeline.records import FieldError, RecordInvalid, flatten_csv_row, parse_record

CHUNK = 5000  # records per parse job for the worker processes (a file-reading batch, not an IN list)
MAX_WORKERS = 4  # past this the one writer is the limit, however many cores parse


class UnsupportedFile(ValueError):
    pass


def open_text(path: Path) -> IO[str]:
    """The file as text; bytes that are not UTF-8 become lone surrogates (``surrogateescape``).

    So a bad byte never stops the read: it reaches the record, where ``lib.wellformed`` rejects the line
    and names the field, like any other malformed text.
    """
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", errors="surrogateescape", newline="")
    return path.open("r", encoding="utf-8-sig", errors="surrogateescape", newline="")


def file_format(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes if s.lower() != ".gz"]
    kind = suffixes[-1] if suffixes else ""
    if kind in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if kind == ".csv":
        return "csv"
    raise UnsupportedFile(f"{path.name}: use a .jsonl or .csv file (optionally .gz)")


def read_records(path: Path) -> Iterator[tuple[int, Any]]:
    """(line, record as a dict) pairs; a line that cannot be read is a :class:`RecordInvalid` there."""
    for chunk in _chunks(path):
        for position, raw in chunk:
            yield position, _decoded(raw)[0]


def _decoded(raw: Any) -> tuple[Any, bool]:
    """A read line (JSON text) or CSV row (dict) as a record, or the RecordInvalid saying why not.

    And whether the record is well-formed already (``lib.wellformed.loads_checked``: a JSON line only).
    """
    if isinstance(raw, RecordInvalid):
        return raw, False
    try:
        return (flatten_csv_row(raw), False) if isinstance(raw, dict) else _json_line(raw)
    except RecordInvalid as invalid:
        return invalid, False


def _csv_rows(reader: csv.DictReader) -> Iterator[tuple[int, Any]]:
    """The reader's rows; a row the csv module cannot split (a cell past its size limit) is a rejection."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield reader.line_num, RecordInvalid([FieldError("row", f"cannot be read as CSV ({error})")])
            continue
        yield reader.line_num, row


def count_lines(path: Path) -> int:
    """Records to expect, for the progress bar (a cheap line count, header excluded for CSV)."""
    lines = 0
    with gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb") as raw:
        try:
            for block in iter(lambda: raw.read(1 << 20), b""):
                lines += block.count(b"\n")
        except (OSError, EOFError, zlib.error):
            pass  # a truncated .gz: the import reads what it can and names the line where it stopped
    return max(lines - (1 if file_format(path) == "csv" else 0), 0)


def read_parsed(
    path: Path, *, region: str, junk: frozenset[str], default_source: str, redactor: Redactor | None = None
) -> Iterator[tuple[int, Any]]:
    """Like :func:`read_records`, but JSON decoding and validation run in a second process.

    On a two-core machine this nearly halves the import time of a big file: one core parses while
    the other resolves identities and writes; a machine with more cores parses on more of them
    (:func:`parse_workers`). At most a few chunks per worker are in flight, so memory stays flat, and
    the chunks come back in the file's order.
    The workspace's ``redactor`` travels with each chunk, so the worker masks personal data before it
    hashes a record: the original text never comes back from the worker (nor reaches a rejects file).
    """
    options = {"region": region, "junk": junk, "default_source": default_source, "redactor": redactor}
    parser = ParallelParser(partial(_parse_chunk, **options), partial(_parse_chunk, **options), parse_workers())
    try:
        yield from parser.parse(_chunks(path))
    finally:
        parser.close()


def parse_workers() -> int:
    """Parse processes for an import: every core but the writer's, from one to ``MAX_WORKERS``."""
    return max(1, min(MAX_WORKERS, (os.cpu_count() or 2) - 1))


class ParallelParser:
    """Chunks parsed in worker processes, or here when they cannot: never a hang, never a lost line.

    ``multiprocessing.Pool`` waits forever for a task whose worker died, and its ``terminate()`` can block
    on a worker stuck writing a result into a full pipe; a ``ProcessPoolExecutor`` reports a dead worker
    (``BrokenProcessPool``) and each result is awaited with a timeout. Every chunk stays in hand until its
    result arrives, so when the worker fails (crash, broken pipe, timeout) the chunk and all later ones
    are parsed in this process instead, with the same per-line rules.
    """

    TIMEOUT = 300.0  # seconds for one chunk; a healthy worker needs well under one

    def __init__(self, remote: Callable[[list], list], local: Callable[[list], list], workers: int = 1) -> None:
        self.remote, self.local = remote, local
        self.in_flight = workers + 2  # every worker busy, and the next results waiting for the writer
        # forkserver, not fork: the caller may run threads (a progress bar) and fork would copy their locks.
        # This module and records.py import no Django, so the worker starts fast and needs no setup.
        self.executor: ProcessPoolExecutor | None = ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("forkserver")
        )

    def parse(self, chunks: Iterable[list[tuple[int, Any]]]) -> Iterator[tuple[int, Any]]:
        pending: deque[tuple[list, Future | None]] = deque()
        for chunk in chunks:
            pending.append((chunk, self._submit(chunk)))
            if len(pending) >= self.in_flight:
                yield from self._result(*pending.popleft())
        while pending:
            yield from self._result(*pending.popleft())

    def _submit(self, chunk: list) -> Future | None:
        if self.executor is None:
            return None
        try:
            return self.executor.submit(self.remote, chunk)
        except RuntimeError:  # BrokenProcessPool is one: the worker is gone
            self._give_up()
            return None

    def _result(self, chunk: list, future: Future | None) -> list[tuple[int, Any]]:
        if future is not None and self.executor is not None:
            try:
                return future.result(timeout=self.TIMEOUT)
            except Exception:  # noqa: BLE001 - a dead, stuck or failing worker: parse the chunk here
                self._give_up()
        return self.local(chunk)

    def _give_up(self) -> None:
        """Stop the workers for good; the rest of the file is parsed in this process."""
        executor, self.executor = self.executor, None
        if executor is None:
            return
        # A stuck worker would keep the executor's threads (and the interpreter's exit) waiting: end them.
        for process in list(getattr(executor, "_processes", {}).values()):
            process.kill()
        executor.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None


def _chunks(path: Path) -> Iterator[list[tuple[int, Any]]]:
    kind = file_format(path)
    with open_text(path) as handle:
        if kind == "jsonl":
            lines: Iterator[tuple[int, Any]] = ((n, line) for n, line in enumerate(handle, 1) if line.strip())
        else:
            lines = _csv_rows(csv.DictReader(handle))
        while chunk := _read_chunk(lines):
            yield chunk


def _read_chunk(lines: Iterator[tuple[int, Any]]) -> list[tuple[int, Any]]:
    """Up to CHUNK lines; a file that cannot be read further (a truncated .gz) ends with one rejection."""
    chunk: list[tuple[int, Any]] = []
    position = 0
    try:
        for position, line in islice(lines, CHUNK):
            chunk.append((position, line))
    except (OSError, EOFError, zlib.error) as error:
        reason = f"cannot be read past line {position} ({error}); the lines before it were imported"
        chunk.append((position + 1, RecordInvalid([FieldError("file", reason)])))  # and the reading ends
    return chunk


def _parse_chunk(
    chunk: list[tuple[int, Any]],
    *,
    region: str,
    junk: frozenset[str],
    default_source: str,
    redactor: Redactor | None = None,
) -> list[tuple[int, Any]]:
    """Every line becomes a record or a rejection, whatever it holds: nothing a line says can raise."""
    options = {"region": region, "junk": junk, "default_source": default_source, "redactor": redactor}
    with collector_paused():
        return [_parsed_line(position, raw, options) for position, raw in chunk]


def _parsed_line(position: int, raw: Any, options: dict[str, Any]) -> tuple[int, Any]:
    """One line as ``(position, InteractionRecord or RecordInvalid)``; ``options`` as for ``parse_record``."""
    try:
        data, checked = _decoded(raw)
        if isinstance(data, RecordInvalid):
            raise data
        return position, parse_record(data, **options, text_checked=checked)
    except RecordInvalid as invalid:
        return position, invalid
    except Exception as error:  # noqa: BLE001 - a parser bug must cost one line, not the import
        return position, RecordInvalid([FieldError("line", f"could not be parsed ({type(error).__name__})")])


def _json_line(line: str) -> tuple[Any, bool]:
    try:
        return loads_checked(line)
    except json.JSONDecodeError as exc:
        raise RecordInvalid([FieldError("line", f"is not valid JSON ({exc.msg})")]) from None
    except (ValueError, RecursionError):  # a 4,300-digit integer, nesting thousands deep
        raise RecordInvalid([FieldError("line", "is JSON too large or too deep to read")]) from None
