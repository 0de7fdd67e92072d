"""English left on a Finnish or Swedish page: visible text that is a msgid its catalogue translates otherwise.

A string missing its {% translate %} (or a label built in Python without gettext) shows in English whatever
the language; the catalogues know every English phrase that has a translation, so any of them seen as-is on
a fi or sv page is a string that was never translated there. The comparison is by whole text (one text
node, one attribute a reader sees), plus longer phrases found inside a text, so customer data that merely
shares a word with a label is not blamed.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from tests.test_catalogues import LOCALE, entries

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{|\{%")
SPACES = re.compile(r"\s+")
# Seen on every page in their own language on purpose: the language switcher names each language in itself.
ALLOWED = {"English", "Finnish", "Swedish"}
# A phrase this long found inside a longer text is English prose, not a coincidence with customer data.
PHRASE_WORDS = 4


def normal(text: str) -> str:
    return SPACES.sub(" ", text).strip().rstrip(":·").strip()


def catalogue_text(message: str) -> str:
    """A msgid or msgstr as it reads on a page: a template's "%" is "%%" in the catalogue."""
    return normal(message.replace("%%", "%"))


@cache
def english_only(language: str) -> frozenset[str]:
    """The msgids of ``language``'s catalogue whose translation is not the English text itself."""
    po = Path(LOCALE) / language / "LC_MESSAGES" / "django.po"
    found = set()
    for _context, msgid, msgstr, _fuzzy in entries(po):
        text = catalogue_text(msgid)
        if msgstr and catalogue_text(msgstr) != text and not PLACEHOLDER.search(msgid) and text not in ALLOWED:
            found.add(text)
    return frozenset(found)


def untranslated(texts: list[str], language: str, data: frozenset[str] = frozenset()) -> list[str]:
    """The English phrases among a page's visible ``texts`` that ``language`` has a translation for.

    ``data`` are names stored in the database (a survey called "After-contact survey"): what a user typed
    is shown as typed, in whatever language it was written.
    """
    english = english_only(language) - data
    seen: list[str] = []
    for text in map(normal, texts):
        if text in english:
            seen.append(text)
        elif len(text.split()) > PHRASE_WORDS:
            seen += phrases(language).findall(text)
    return sorted(set(seen))


@cache
def phrases(language: str) -> re.Pattern[str]:
    """One pattern for the long English phrases (longest first), whole words only."""
    long = sorted((p for p in english_only(language) if len(p.split()) >= PHRASE_WORDS), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, long)) + r")(?!\w)")
