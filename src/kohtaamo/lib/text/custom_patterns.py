"""A workspace's own redaction patterns: named regular expressions an admin types, masked as ``[NAME]``.

An expression typed into a form can take exponential time on the wrong text (ReDoS: ``(a|aa)+$`` on a
line of a's), and ingest runs it on every turn of every transcript. So the expressions run in the
`regex` package, whose ``timeout=`` stops a search after that much CPU time, and a pattern is checked
before it is saved: it compiles, is not too long, cannot match empty text, and finishes on a set of
pathological test texts well within the limit. The check catches the usual blow-ups; the time limit at
ingest is the guarantee.

When a search runs out of time at ingest the safe side wins: the whole text becomes the pattern's mask
and the pattern's name is recorded as removed. Masking too much loses a text; masking too little would
store the very data the pattern was written for.
"""

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import regex

PATTERN_NAME = regex.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_PATTERNS = 20
MAX_PATTERN_CHARS = 300
INGEST_TIMEOUT_SECONDS = 0.2  # CPU time per pattern and text at ingest
CHECK_TIMEOUT_SECONDS = 0.05  # stricter when saving, so a saved pattern has headroom at ingest
_PROBE_LENGTHS = (40, 4_000)
# Characters of each class a pattern may repeat: letters (Finnish and Swedish too), digits, spaces, signs.
_PROBE_CHARACTERS = "aA0 .-_@,:/+äÅ"

logger = logging.getLogger(__name__)


class PatternError(ValueError):
    """A custom pattern that cannot be used. ``code`` says why (for a translated message), the text names it."""

    def __init__(self, code: str, name: str, detail: str = "") -> None:
        self.code, self.name, self.detail = code, name, detail
        super().__init__(f"pattern {name!r}: {_WHY[code]}{f' ({detail})' if detail else ''}")


_WHY = {
    "name": "a name of lower-case letters, digits and _, starting with a letter, at most 40 characters",
    "built_in": "a built-in kind has this name",
    "duplicate": "the name is used twice",
    "too_many": f"at most {MAX_PATTERNS} patterns",
    "too_long": f"at most {MAX_PATTERN_CHARS} characters",
    "syntax": "not a valid regular expression",
    "empty": "matches empty text",
    "slow": "too slow on a test text (nested repetition such as (a+)+ or (a|aa)+)",
}


class PatternTimeout(Exception):
    """A pattern ran out of time on one text (the caller masks the whole text)."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


@dataclass(frozen=True, slots=True)
class CustomPattern:
    name: str
    expression: regex.Pattern[str]

    @property
    def pattern(self) -> str:
        return self.expression.pattern


def compile_patterns(patterns: Mapping[str, str], *, reserved: Iterable[str] = ()) -> dict[str, CustomPattern]:
    """The patterns (name → regular expression, in order) compiled, each checked but for its speed.

    Ingest compiles the saved patterns this way: they were timed when saved, and a pattern gone slow
    since is stopped by the time limit, not by refusing the whole import.
    """
    if len(patterns) > MAX_PATTERNS:
        raise PatternError("too_many", next(reversed(list(patterns))))
    reserved = frozenset(reserved)
    compiled: dict[str, CustomPattern] = {}
    for name, expression in patterns.items():
        if not isinstance(name, str) or not PATTERN_NAME.match(name):
            raise PatternError("name", str(name))
        if name in reserved:
            raise PatternError("built_in", name)
        if not isinstance(expression, str) or not 0 < len(expression) <= MAX_PATTERN_CHARS:
            raise PatternError("too_long", name)
        try:
            found = regex.compile(expression)
        except (regex.error, OverflowError, RecursionError) as error:
            raise PatternError("syntax", name, str(error)) from None
        if found.search("", timeout=CHECK_TIMEOUT_SECONDS) is not None:
            raise PatternError("empty", name)
        compiled[name] = CustomPattern(name, found)
    return compiled


def _probes(expression: str) -> Iterable[str]:
    """Texts that make a backtracking pattern show its worst: runs of one character (the pattern's own
    literal characters among them) and of a pair, each ending in one that spoils a match."""
    characters = dict.fromkeys(_PROBE_CHARACTERS + "".join(c for c in expression if c.isalnum()))
    for length in _PROBE_LENGTHS:
        for character in characters:
            yield character * length + "\x00"
            yield character * length
        yield "a1 " * (length // 3) + "\x00"
        yield "ab" * (length // 2) + "\x00"


def check_patterns(patterns: Mapping[str, str], *, reserved: Iterable[str] = ()) -> dict[str, CustomPattern]:
    """``compile_patterns`` plus the speed check: what a settings form runs before saving."""
    compiled = compile_patterns(patterns, reserved=reserved)
    for name, custom in compiled.items():
        for probe in _probes(custom.pattern):
            try:
                zero_width = any(
                    m.end() == m.start() for m in custom.expression.finditer(probe, timeout=CHECK_TIMEOUT_SECONDS)
                )
            except TimeoutError:
                raise PatternError("slow", name) from None
            if zero_width:
                raise PatternError("empty", name)
    return compiled


def custom_matches(
    patterns: Mapping[str, CustomPattern], text: str, timeout: float = INGEST_TIMEOUT_SECONDS
) -> list[tuple[int, int, str]]:
    """Every match of every pattern as (start, end, name); raises :class:`PatternTimeout` when one runs
    out of time (logged with the pattern's name and the text's length, never the text)."""
    found = []
    for name, custom in patterns.items():
        try:
            found += [
                (m.start(), m.end(), name)
                for m in custom.expression.finditer(text, timeout=timeout)
                if m.end() > m.start()
            ]
        except TimeoutError:
            logger.warning(
                "redaction pattern %r ran out of time on a text of %d characters: masked whole", name, len(text)
            )
            raise PatternTimeout(name) from None
    return found
