"""Reading a calibration ratings CSV for ``kohtaamo quality agreement``.

File reading and spreadsheet quirks are I/O, so they live with the command rather than with the
agreement maths in :mod:`kohtaamo.lib.agreement`.  Errors name the line (and rater) so the user
can fix the file.
"""

import csv
import io
import math
import os
from typing import Any, TextIO

from kohtaamo.lib.agreement.table import RatingsTable, is_missing


def _sniff_delimiter(header: str) -> str:
    # Finnish/Swedish Excel writes ';' with decimal commas; tabs come from copy-paste.
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_text(source: str | os.PathLike[str] | TextIO) -> str:
    if isinstance(source, str) and "\n" in source:
        text = source
    elif isinstance(source, str | os.PathLike):
        with open(source, encoding="utf-8-sig", newline="") as fh:
            text = fh.read()
    else:
        text = source.read()
    return text.removeprefix("\ufeff")


def read_ratings_csv(source: str | os.PathLike[str] | TextIO, *, numeric: bool = True) -> RatingsTable:
    """Read a units x raters CSV: header row = rater names, first column = unit id.

    ``source`` is a path, an open text file, or the CSV text itself (a ``str`` containing a
    newline is taken as text, any other ``str`` as a path).  The delimiter (``,``, ``;`` or tab)
    is detected from the header; with ``;`` or tab a decimal comma is accepted.  Empty cells and
    NA / N/A / - are missing.  With ``numeric=True`` every other cell must be a number.  Bad
    input raises ``ValueError`` naming the line (and column) so the user can fix the file.
    """
    text = _read_text(source)
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = _sniff_delimiter(first_line)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)

    header: list[str] | None = None
    units: list[str] = []
    rows: list[list[Any]] = []
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue  # blank lines, including the trailing one editors add
        cells = [c.strip() for c in cells]
        if header is None:
            _check_header(cells, line)
            header = cells
            continue
        unit = _check_unit(cells, header, units, line)
        units.append(unit)
        rows.append(_parse_ratings(cells, header, delimiter, line, numeric=numeric))
    if header is None:
        raise ValueError("the CSV is empty; expected a header row of rater names")
    if not rows:
        raise ValueError("the CSV has a header but no rating rows")
    return RatingsTable(tuple(units), tuple(header[1:]), tuple(tuple(r) for r in rows))


def _check_header(cells: list[str], line: int) -> None:
    raters = cells[1:]
    if not raters:
        raise ValueError(f"line {line}: header needs a unit column and at least one rater column")
    for name in raters:
        if not name:
            raise ValueError(f"line {line}: empty rater name in the header")
    dupes = sorted({r for r in raters if raters.count(r) > 1})
    if dupes:
        raise ValueError(f"line {line}: duplicate rater name(s) {', '.join(dupes)}")


def _check_unit(cells: list[str], header: list[str], seen: list[str], line: int) -> str:
    """The row's unit id, once the row is known to have one cell per column and a new unit id."""
    if len(cells) != len(header):
        raise ValueError(
            f"line {line}: expected {len(header)} cells (unit id + {len(header) - 1} raters), got {len(cells)}"
        )
    unit = cells[0]
    if not unit:
        raise ValueError(f"line {line}: empty unit id in the first column")
    if unit in seen:
        raise ValueError(f"line {line}: duplicate unit id {unit!r}")
    return unit


def _parse_ratings(cells: list[str], header: list[str], delimiter: str, line: int, *, numeric: bool) -> list[Any]:
    row: list[Any] = []
    for name, cell in zip(header[1:], cells[1:], strict=True):
        if is_missing(cell):
            row.append(None)
        elif numeric:
            row.append(_parse_number(cell, delimiter, f"line {line}, rater {name!r}"))
        else:
            row.append(cell)
    return row


def _parse_number(cell: str, delimiter: str, where: str) -> float:
    candidate = cell.replace(",", ".") if delimiter != "," else cell
    try:
        value = float(candidate)
    except ValueError:
        raise ValueError(f"{where}: {cell!r} is not a number (leave the cell empty or write NA if missing)") from None
    if not math.isfinite(value):
        raise ValueError(f"{where}: {cell!r} is not a finite number")
    return value
