"""The one rule for text that comes in: well-formed Unicode, normalised to NFC.

A JSON body may spell a lone surrogate (``"\\ud800"``) or a NUL (``"\\u0000"``); Python decodes both
into a ``str`` that neither SQLite (UTF-8) nor PostgreSQL (no NUL in text, no surrogates in UTF-8) can
store, so the write fails later — for the whole batch, or for every reader of the page that shows it.
Each input path (API schemas, import records, forms, the incident webhook) checks here first and names
the field. NFC makes ``"é"`` typed as ``e`` + combining accent equal to the precomposed one, so search
and identity matching see one value. JSON that nests deeper than :data:`MAX_DEPTH`, and non-finite
numbers (``NaN``, ``Infinity``, which Python's ``json`` accepts and PostgreSQL's ``jsonb`` does not), are
refused here too: they are the other ways a well-formed-looking value breaks a write.
"""

import json
import math
import unicodedata
from typing import Any

MAX_DEPTH = 32


class TextInvalid(ValueError):
    """A text that is not well-formed; ``str(error)`` is the reason, in words a person can act on."""


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored, or None when it can."""
    if "\x00" in value:
        return "contains a NUL character (U+0000)"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        return f"contains a lone surrogate (U+{ord(value[error.start]):04X}), not well-formed Unicode"
    return None


def clean_text(value: str) -> str:
    """``value`` in NFC; raises :class:`TextInvalid` for a lone surrogate or a NUL."""
    problem = text_problem(value)
    if problem:
        raise TextInvalid(problem)
    return unicodedata.normalize("NFC", value)


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def clean_json(value: Any) -> tuple[Any, list[tuple[str, str]]]:
    """``value`` (decoded JSON) with every string and key in NFC, and the (path, reason) of each bad part.

    Paths read as the record does: ``customer.name``, ``transcript[3].text``; a bad key is reported at
    the path it would have had. An empty list of problems means the cleaned value is safe to store.
    Nearly every value that comes in is clean already; one walk that only looks says so without copying
    or naming paths (a tenth of the cost: imports check every record).
    """
    if _clean(value, 0):
        return value, []
    return _cleaned(value, "", depth=0)


class _NotPlain(Exception):
    """A number in the text decodes to a non-finite float (``NaN``, ``Infinity``, ``1e400``)."""


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise _NotPlain
    return number


def _constant(text: str) -> float:
    raise _NotPlain


# Decodes as json.loads does, except that a non-finite number stops it (only floats reach _finite).
_PLAIN_DECODER = json.JSONDecoder(parse_float=_finite, parse_constant=_constant)


def loads_checked(text: str) -> tuple[Any, bool]:
    """``json.loads(text)``, and whether the value is sure to pass :func:`clean_json` unchanged.

    For a file import's lines, each of which would otherwise be walked value by value. Judged from the
    text: without a backslash no escape spells a NUL, a lone surrogate or a decomposed accent, and every
    string and key decoded is a slice of the text; a slice of well-formed NFC text is itself well-formed
    and NFC; no more brackets than ``MAX_DEPTH`` cannot nest too deep; the decoder saw no non-finite
    number. False says nothing about the value: walk it then. Bad JSON raises as ``json.loads`` does.
    """
    try:
        value = _PLAIN_DECODER.decode(text)
    except (_NotPlain, ValueError, RecursionError):
        return json.loads(text), False  # the standard decoder's value, or its error
    if "\\" in text or text.count("{") + text.count("[") > MAX_DEPTH:
        return value, False
    if text.isascii():
        return value, True  # a NUL can only be written escaped (JSON refuses raw control characters)
    return value, text_problem(text) is None and unicodedata.is_normalized("NFC", text)


def _clean(value: Any, depth: int) -> bool:
    """Whether ``value`` needs no change and has no problem (the common case, checked cheaply)."""
    if type(value) is str:
        if value.isascii():
            return "\x00" not in value
        return text_problem(value) is None and unicodedata.is_normalized("NFC", value)
    if type(value) is float:
        return math.isfinite(value)
    if type(value) is dict:
        if depth >= MAX_DEPTH:
            return False
        return all(type(k) is str and _clean(k, 0) for k in value) and all(_clean(v, depth + 1) for v in value.values())
    if type(value) is list:
        if depth >= MAX_DEPTH:
            return False
        return all(_clean(item, depth + 1) for item in value)
    return value is None or type(value) in (int, bool)


def _cleaned(value: Any, path: str, *, depth: int) -> tuple[Any, list[tuple[str, str]]]:
    problems: list[tuple[str, str]] = []
    if isinstance(value, str):
        problem = text_problem(value)
        if problem:
            return value, [(path or "value", problem)]
        return unicodedata.normalize("NFC", value), problems
    if isinstance(value, float) and not math.isfinite(value):
        return value, [(path or "value", "is not a finite number")]
    if not isinstance(value, dict | list):
        return value, problems
    if depth >= MAX_DEPTH:
        return value, [(path or "value", f"nests deeper than {MAX_DEPTH} levels")]
    if isinstance(value, list):
        items = []
        for index, item in enumerate(value):
            cleaned, found = _cleaned(item, _join(path, index), depth=depth + 1)
            items.append(cleaned)
            problems.extend(found)
        return items, problems
    cleaned_dict = {}
    for key, item in value.items():
        key_text = key if isinstance(key, str) else str(key)
        key_problem = text_problem(key_text)
        if key_problem:
            shown = key_text.encode("unicode_escape").decode("ascii")
            problems.append((_join(path, shown), f"name {key_problem}"))
            continue
        key_text = unicodedata.normalize("NFC", key_text)
        cleaned, found = _cleaned(item, _join(path, key_text), depth=depth + 1)
        cleaned_dict[key_text] = cleaned
        problems.extend(found)
    return cleaned_dict, problems


def nesting_deeper_than(value: Any, limit: int) -> bool:
    """Whether decoded JSON nests more than ``limit`` levels (walked without recursion)."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth >= limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return False


ID_MAX = 2**63 - 1  # the largest id a database column holds; a bigger number overflows the query


def whole_number(raw: object, *, low: int = 0, high: int = ID_MAX) -> int | None:
    """``raw`` as a whole number from ``low`` to ``high``, or None.

    ``str.isdigit()`` is true for ``"²"`` and ``"٣"``, which ``int()`` then refuses or reads as a
    number nobody typed; only ASCII digits count here, and a number past ``high`` (a 20-digit id that
    overflows SQLite's integer) is None too, so a filter can answer 400 instead of 500.
    """
    text = str(raw).strip()
    if text.startswith("-") and low < 0:
        sign, text = -1, text[1:]
    else:
        sign = 1
    if not text or not text.isascii() or not text.isdigit() or len(text) > 30:
        return None
    number = sign * int(text)
    return number if low <= number <= high else None
