"""Finding personal data in free text and masking it, keeping the text's shape.

``Redactor(region, patterns).redact(text)`` returns the masked text and the kinds removed. Each kind is
validated, not just pattern-matched: a personal identity code needs its check character, an IBAN its
mod-97 check, a card its Luhn digit, a phone number must be a valid number that is written as one
(``+``, ``00`` or a leading ``0``). So dates, amounts, meter readings, customer and contract numbers —
the numbers a conversation is about — stay readable.
"""

import re
from dataclasses import dataclass, field

import phonenumbers

from .checksums import IBAN_LENGTHS, hetu_valid, iban_valid, luhn_valid, personnummer_valid
from .custom_patterns import INGEST_TIMEOUT_SECONDS, PatternError, PatternTimeout, compile_patterns, custom_matches
from .phones import DATE_SHAPE, phone_spans, trunk_prefix_is_0

__all__ = ["KINDS", "PatternError", "Redaction", "Redactor", "Span", "placeholder"]

KINDS = ("email", "phone", "personal_id", "iban", "card")

_NEEDS_A_LOOK = re.compile(r"[\d@]")  # no digit and no @: nothing built in can match (the fast path)
# Every built-in number kind has seven digits in a row (single separators allowed), an IBAN's country and
# check digits, or a personal code's birth date and sign: one search keeps dates and amounts cheap.
_LONG_NUMBER = re.compile(r"\d(?:[ ()-]?\d){6,}|[A-Z]{2}\d{2}|\d{6}[-+A-Y]", re.IGNORECASE)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])")
_HETU = re.compile(r"(?<![\w+-])\d{6}[-+ABCDEFYXWVU]\d{3}[0-9A-Y](?![\w-])", re.IGNORECASE)
_PERSONNUMMER = re.compile(r"(?<![\w+-])(?:(?:18|19|20)\d{6}[-+]?|\d{6}[-+])\d{4}(?![\w-])")
_IBAN = re.compile(r"(?<![\w])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![\w])", re.IGNORECASE)
_CARD = re.compile(r"(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])")


@dataclass(slots=True)  # not frozen: made for every turn, and frozen init costs
class Span:
    start: int
    end: int
    kind: str


@dataclass(frozen=True, slots=True)
class Redaction:
    text: str
    kinds: tuple[str, ...] = ()  # the kinds removed, in order of first appearance, each once
    spans: tuple[Span, ...] = field(default=(), compare=False)


def placeholder(kind: str) -> str:
    return f"[{kind.upper()}]"


def _iban_spans(text: str) -> list[Span]:
    spans = []
    for match in _IBAN.finditer(text):
        raw = match.group()
        compact = raw.replace(" ", "").upper()
        # a longer run may have swallowed the next word: try the country's length from the start
        known = IBAN_LENGTHS.get(compact[:2])
        lengths = [known] if known else range(min(len(compact), 34), 14, -1)
        for length in lengths:
            if iban_valid(compact[:length]):
                end = match.start() + _position_of_nth_alnum(raw, length)
                spans.append(Span(match.start(), end, "iban"))
                break
    return spans


def _position_of_nth_alnum(raw: str, n: int) -> int:
    seen = 0
    for index, character in enumerate(raw):
        if character != " ":
            seen += 1
            if seen == n:
                return index + 1
    return len(raw)


def _personal_id_spans(text: str) -> list[Span]:
    spans = [Span(m.start(), m.end(), "personal_id") for m in _HETU.finditer(text) if hetu_valid(m.group())]
    spans += [
        Span(m.start(), m.end(), "personal_id") for m in _PERSONNUMMER.finditer(text) if personnummer_valid(m.group())
    ]
    return spans


def _card_spans(text: str) -> list[Span]:
    spans = []
    for match in _CARD.finditer(text):
        digits = match.group().replace(" ", "").replace("-", "")
        if 13 <= len(digits) <= 19 and luhn_valid(digits) and len(set(digits)) > 1:
            spans.append(Span(match.start(), match.end(), "card"))
    return spans


def _phone_spans_by_matcher(text: str, region: str) -> list[Span]:
    """For regions without a 0 trunk prefix (US, NO, DK …): phonenumbers' matcher, any valid number."""
    return [
        Span(match.start, match.end, "phone")
        for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID)
        if not DATE_SHAPE.fullmatch(match.raw_string)
    ]


def _longest_first(found: list[Span]) -> list[Span]:
    """Non-overlapping spans: where two overlap the longer (then earlier) one wins."""
    if len(found) < 2:
        return found
    found.sort(key=lambda span: (span.start, -(span.end - span.start)))
    kept: list[Span] = []
    for span in found:
        if kept and span.start < kept[-1].end:
            if span.end - span.start > kept[-1].end - kept[-1].start:
                kept[-1] = span
            continue
        kept.append(span)
    return kept


def _outside(span: Span, taken: list[Span], text: str) -> list[Span]:
    """The parts of a custom match that no built-in span holds (whitespace between them is not data)."""
    pieces, start = [], span.start
    for other in taken:
        if other.end <= start or other.start >= span.end:
            continue
        if other.start > start:
            pieces.append(Span(start, other.start, span.kind))
        start = max(start, other.end)
    if start < span.end:
        pieces.append(Span(start, span.end, span.kind))
    return [piece for piece in pieces if text[piece.start : piece.end].strip()]


class Redactor:
    """Masks personal data for one workspace: its phone region and its own named patterns.

    The built-in kinds come first; the workspace's patterns then mask what they match outside them, so
    a pattern can widen a mask but never replace ``[PHONE]`` by its own name. A pattern that runs out of
    time masks the whole text (``lib.text.custom_patterns``)."""

    def __init__(
        self, region: str = "FI", patterns: dict[str, str] | None = None, *, timeout: float = INGEST_TIMEOUT_SECONDS
    ) -> None:
        self.region = region.upper()
        self.patterns = compile_patterns(patterns or {}, reserved=KINDS)
        self.timeout = timeout
        self._trunk_0 = trunk_prefix_is_0(self.region)

    def find(self, text: str) -> list[Span]:
        """Every non-overlapping piece of personal data, in order; raises ``PatternTimeout``."""
        found: list[Span] = []
        if _NEEDS_A_LOOK.search(text):
            if "@" in text:
                found += [Span(m.start(), m.end(), "email") for m in _EMAIL.finditer(text)]
            if _LONG_NUMBER.search(text):
                found += _iban_spans(text) + _personal_id_spans(text) + _card_spans(text) + self._phones(text)
        found = _longest_first(found)
        if not self.patterns:
            return found
        custom = _longest_first([Span(*match) for match in custom_matches(self.patterns, text, self.timeout)])
        if not custom:
            return found
        return sorted(
            found + [piece for span in custom for piece in _outside(span, found, text)], key=lambda s: s.start
        )

    def _phones(self, text: str) -> list[Span]:
        if self._trunk_0:
            return [Span(start, end, "phone") for start, end in phone_spans(text, self.region)]
        return _phone_spans_by_matcher(text, self.region)

    def redact(self, text: str) -> Redaction:
        try:
            spans = self.find(text)
        except PatternTimeout as stopped:
            return Redaction(placeholder(stopped.name), (stopped.name,), (Span(0, len(text), stopped.name),))
        if not spans:
            return Redaction(text)
        pieces, position, kinds = [], 0, dict.fromkeys(span.kind for span in spans)
        for span in spans:
            pieces += [text[position : span.start], placeholder(span.kind)]
            position = span.end
        pieces.append(text[position:])
        return Redaction("".join(pieces), tuple(kinds), tuple(spans))
