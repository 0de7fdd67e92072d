"""Reading a JSONL file of labelled examples (``{"text": …, "sentiment": …, "language": …}``) where a bad
line costs only itself: each line becomes an ``Example`` or a ``LineError`` naming the line and the field.
"""

from collections.abc import Iterable, Iterator

from .classifier import LABELS, Example
from .lines import LANGUAGE_CODE, LineError, json_object_line

MAX_EXAMPLE_CHARS = 5_000  # a comment or a turn; a whole document teaches a sentence classifier little


def example_error(text: object, sentiment: object, language: object) -> str | None:
    """What is wrong with one labelled example, naming the field; ``None`` when nothing is."""
    if not isinstance(text, str) or not text.strip():
        return "text: needs a non-empty string"
    if len(text) > MAX_EXAMPLE_CHARS:
        return f"text: longer than {MAX_EXAMPLE_CHARS:,} characters"
    if sentiment not in LABELS:
        return f"sentiment: one of {', '.join(LABELS)}"
    if language is not None and (not isinstance(language, str) or not LANGUAGE_CODE.match(language.lower())):
        return "language: a language code such as fi, sv or en"
    return None


def parse_labelled_line(number: int, raw: bytes) -> Example | LineError:
    """One line of the file (1-based ``number``)."""
    data = json_object_line(number, raw, "text and sentiment")
    if isinstance(data, LineError):
        return data
    text, sentiment, language = data.get("text"), data.get("sentiment"), data.get("language")
    problem = example_error(text, sentiment, language)
    if problem is not None:
        return LineError(number, problem)
    assert isinstance(text, str) and isinstance(sentiment, str)
    return Example(text.strip(), language.lower() if isinstance(language, str) else None, sentiment)


def parse_labelled_lines(lines: Iterable[bytes]) -> Iterator[tuple[int, Example | LineError]]:
    """Every non-blank line with its number, counted from 1 as an editor shows it."""
    for number, raw in enumerate(lines, start=1):
        if raw.strip():
            yield number, parse_labelled_line(number, raw)
