"""Reading a JSONL file of texts (``{"id": …, "text": …, "language": …}``) where a bad line costs only itself.

Each line becomes a :class:`TextLine` or a :class:`LineError` naming the line and the field, never an
exception: the caller prints one result per line, in order.
"""

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

MAX_TEXT_CHARS = 100_000
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True, slots=True)
class TextLine:
    line: int
    id: str | int
    text: str
    language: str | None


@dataclass(frozen=True, slots=True)
class LineError:
    line: int
    message: str
    id: str | int | None = None

    def to_dict(self) -> dict[str, object]:
        return {"line": self.line, "id": self.id, "error": self.message}


def json_object_line(number: int, raw: bytes, fields: str) -> dict | LineError:
    """One line of a JSONL file (1-based ``number``) as a JSON object, or why it is not one; ``fields``
    names what the object must hold, for the message ("id and text")."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return LineError(number, "not UTF-8 text")
    except json.JSONDecodeError as error:
        return LineError(number, f"not valid JSON ({error.msg} at column {error.colno})")
    if not isinstance(data, dict):
        return LineError(number, f"must be a JSON object with {fields}")
    return data


def parse_line(number: int, raw: bytes) -> TextLine | LineError:
    """One line of the file (1-based ``number``)."""
    data = json_object_line(number, raw, "id and text")
    if isinstance(data, LineError):
        return data
    identifier = data.get("id")
    if isinstance(identifier, bool) or not isinstance(identifier, str | int) or identifier == "":
        return LineError(number, "id: needs a string or a number")
    text = data.get("text")
    if not isinstance(text, str):
        return LineError(number, "text: needs a string", identifier)
    if len(text) > MAX_TEXT_CHARS:
        return LineError(number, f"text: longer than {MAX_TEXT_CHARS:,} characters", identifier)
    language = data.get("language")
    if language is not None and (not isinstance(language, str) or not LANGUAGE_CODE.match(language.lower())):
        return LineError(number, "language: a language code such as fi, sv or en", identifier)
    return TextLine(number, identifier, text, language.lower() if language else None)


def parse_lines(lines: Iterable[bytes]) -> Iterator[TextLine | LineError]:
    """Every non-blank line, numbered from 1 as an editor shows it."""
    for number, raw in enumerate(lines, start=1):
        if raw.strip():
            yield parse_line(number, raw)
