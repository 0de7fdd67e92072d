"""The words an automatic check matched, found again in the turn as written, for marking on a page.

The checks match lower-cased words; a page shows the original text, so each phrase becomes a
case-insensitive pattern of its words with anything but letters between them. The caller escapes
every part (the template does): this only says which parts to mark.
"""

import re
from collections.abc import Iterable

from kohtaamo.lib.text.words import BOUNDARY, tokens


def _pattern(phrases: Iterable[str]) -> re.Pattern[str] | None:
    alternatives = []
    for phrase in phrases:
        words = [re.escape(word) for word in tokens(phrase) if word not in BOUNDARY]
        if words:
            alternatives.append(r"[\W\d_]+".join(words))
    if not alternatives:
        return None
    alternatives.sort(key=len, reverse=True)  # the longest phrase first where two start alike
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def segments(text: str, phrases: Iterable[str]) -> list[tuple[str, bool]]:
    """``text`` cut into (part, matched) pieces, in order, that join back into ``text``."""
    pattern = _pattern(phrases)
    if pattern is None or not text:
        return [(text, False)] if text else []
    parts: list[tuple[str, bool]] = []
    position = 0
    for match in pattern.finditer(text):
        if match.start() > position:
            parts.append((text[position : match.start()], False))
        parts.append((match.group(), True))
        position = match.end()
    if position < len(text):
        parts.append((text[position:], False))
    return parts
