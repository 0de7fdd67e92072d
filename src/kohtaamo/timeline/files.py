"""Reading bulk files (``.jsonl`` or ``.csv``, optionally gzipped) as positioned records.

Positions are 1-based line numbers as an editor shows them; for CSV the header is line 1. A line that
is not valid JSON becomes a :class:`RecordInvalid` at its position instead of stopping the import.
"""

import csv
import gzip
import io
import json
import multiprocessing
from collections import deque
from collections.abc import Iterator
from functools import partial
from itertools import islice
from pathlib import Path
from typing import IO, Any

from kohtaamo.timeline.records import FieldError, RecordInvalid, flatten_csv_row, parse_record

CHUNK = 5000  # records per parse job for the worker processes (a file-reading batch, not an IN list)
IN_FLIGHT = 3


class UnsupportedFile(ValueError):
    pass


def open_text(path: Path) -> IO[str]:
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return path.open("r", encoding="utf-8-sig", newline="")


def file_format(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes if s.lower() != ".gz"]
    kind = suffixes[-1] if suffixes else ""
    if kind in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if kind == ".csv":
        return "csv"
    raise UnsupportedFile(f"{path.name}: use a .jsonl or .csv file (optionally .gz)")


def read_records(path: Path) -> Iterator[tuple[int, Any]]:
    kind = file_format(path)
    with open_text(path) as handle:
        if kind == "jsonl":
            yield from _jsonl(handle)
        else:
            yield from _csv(handle)


def _jsonl(handle: IO[str]) -> Iterator[tuple[int, Any]]:
    for line_no, line in enumerate(handle, 1):
        if not line.strip():
            continue
        try:
            yield line_no, _json_line(line)
        except RecordInvalid as invalid:
            yield line_no, invalid


def _csv(handle: IO[str]) -> Iterator[tuple[int, Any]]:
    reader = csv.DictReader(handle)
    for row in reader:
        line_no = reader.line_num
        try:
            yield line_no, flatten_csv_row(row)
        except RecordInvalid as invalid:
            yield line_no, invalid


def count_lines(path: Path) -> int:
    """Records to expect, for the progress bar (a cheap line count, header excluded for CSV)."""
    with gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb") as raw:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: raw.read(1 << 20), b""))
    return max(lines - (1 if file_format(path) == "csv" else 0), 0)


def read_parsed(path: Path, *, region: str, junk: frozenset[str], default_source: str) -> Iterator[tuple[int, Any]]:
    """Like :func:`read_records`, but JSON decoding and validation run in a second process.

    On a two-core machine this nearly halves the import time of a big file: one core parses while
    the other resolves identities and writes. At most a few chunks are in flight, so memory stays flat.
    """
    parse = partial(_parse_chunk, region=region, junk=junk, default_source=default_source)
    chunks = _chunks(path)
    # forkserver, not fork: the caller may run threads (a progress bar) and fork would copy their locks.
    # This module and records.py import no Django, so the worker starts fast and needs no setup.
    with multiprocessing.get_context("forkserver").Pool(1) as pool:
        pending: deque = deque()
        for chunk in chunks:
            pending.append(pool.apply_async(parse, (chunk,)))
            if len(pending) >= IN_FLIGHT:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def _chunks(path: Path) -> Iterator[list[tuple[int, Any]]]:
    kind = file_format(path)
    with open_text(path) as handle:
        if kind == "jsonl":
            lines = ((n, line) for n, line in enumerate(handle, 1) if line.strip())
        else:
            reader = csv.DictReader(handle)
            lines = ((reader.line_num, row) for row in reader)
        while chunk := list(islice(lines, CHUNK)):
            yield chunk


def _parse_chunk(
    chunk: list[tuple[int, Any]], *, region: str, junk: frozenset[str], default_source: str
) -> list[tuple[int, Any]]:
    parsed = []
    for position, raw in chunk:
        try:
            data = flatten_csv_row(raw) if isinstance(raw, dict) else _json_line(raw)
            parsed.append((position, parse_record(data, region=region, junk=junk, default_source=default_source)))
        except RecordInvalid as invalid:
            parsed.append((position, invalid))
    return parsed


def _json_line(line: str) -> Any:
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        raise RecordInvalid([FieldError("line", f"is not valid JSON ({exc.msg})")]) from None
