"""Reading bulk files (``.jsonl`` or ``.csv``, optionally gzipped) as positioned records.

Positions are 1-based line numbers as an editor shows them; for CSV the header is line 1. A line that
is not valid JSON becomes a :class:`RecordInvalid` at its position instead of stopping the import.
"""

import csv
import gzip
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from .records import FieldError, RecordInvalid, flatten_csv_row


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
            yield line_no, json.loads(line)
        except json.JSONDecodeError as exc:
            yield line_no, RecordInvalid([FieldError("line", f"is not valid JSON ({exc.msg})")])


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
    with (gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb")) as raw:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: raw.read(1 << 20), b""))
    return max(lines - (1 if file_format(path) == "csv" else 0), 0)
