"""The spelling dictionaries on this machine: Voikko for Finnish, hunspell for Swedish and English.

Both are system libraries (Debian's ``libvoikko1`` + ``voikko-fi`` and ``libhunspell-1.7-0`` +
``hunspell-sv`` + ``hunspell-en-us``; MPL/LGPL/GPL tri-licensed, loaded at run time through ctypes), so
this module sits outside ``lib/`` and ``lib.text.spelling`` gets the speller handed in. A missing library
or dictionary is not an error: ``speller_for`` answers None and the check says "not available".

One speller per language and process; a speller is not thread-safe (the checks run one at a time).
"""

import ctypes
import ctypes.util
import logging
from collections.abc import Callable
from functools import cache
from pathlib import Path

logger = logging.getLogger(__name__)

HUNSPELL_DIRS = (Path("/usr/share/hunspell"), Path("/usr/share/myspell"), Path("/usr/share/myspell/dicts"))
HUNSPELL_DICTIONARIES = {"sv": ("sv_SE", "sv_FI"), "en": ("en_US", "en_GB")}
_VOIKKO_SPELL_OK = 1
MAX_WORD_BYTES = 255  # Voikko refuses longer words; no real word is that long


def _library(*names: str) -> ctypes.CDLL | None:
    for name in names:
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    return None


class Voikko:
    """Finnish spelling through libvoikko."""

    def __init__(self, library: ctypes.CDLL, handle: int) -> None:
        self._library, self._handle = library, ctypes.c_void_p(handle)

    @classmethod
    def open(cls, language: str = "fi") -> "Voikko | None":
        library = _library("libvoikko.so.1", ctypes.util.find_library("voikko") or "libvoikko.so")
        if library is None:
            return None
        library.voikkoInit.restype = ctypes.c_void_p
        library.voikkoInit.argtypes = [ctypes.POINTER(ctypes.c_char_p), ctypes.c_char_p, ctypes.c_char_p]
        library.voikkoSpellCstr.restype = ctypes.c_int
        library.voikkoSpellCstr.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
        error = ctypes.c_char_p()
        handle = library.voikkoInit(ctypes.byref(error), language.encode(), None)
        if not handle:
            logger.info("Voikko has no %s dictionary: %s", language, (error.value or b"").decode(errors="replace"))
            return None
        return cls(library, handle)

    def __call__(self, word: str) -> bool:
        encoded = word.encode("utf-8")
        return (
            len(encoded) <= MAX_WORD_BYTES and self._library.voikkoSpellCstr(self._handle, encoded) == _VOIKKO_SPELL_OK
        )


class Hunspell:
    """Spelling through libhunspell with one .aff/.dic pair."""

    def __init__(self, library: ctypes.CDLL, handle: int, encoding: str) -> None:
        self._library, self._handle, self._encoding = library, ctypes.c_void_p(handle), encoding

    @classmethod
    def open(cls, names: tuple[str, ...]) -> "Hunspell | None":
        found = next(
            (
                directory / name
                for name in names
                for directory in HUNSPELL_DIRS
                if (directory / f"{name}.dic").is_file()
            ),
            None,
        )
        if found is None:
            return None
        library = _library("libhunspell-1.7.so.0", ctypes.util.find_library("hunspell-1.7") or "libhunspell.so")
        if library is None:
            return None
        library.Hunspell_create.restype = ctypes.c_void_p
        library.Hunspell_create.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
        library.Hunspell_spell.restype = ctypes.c_int
        library.Hunspell_spell.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
        library.Hunspell_get_dic_encoding.restype = ctypes.c_char_p
        library.Hunspell_get_dic_encoding.argtypes = [ctypes.c_void_p]
        handle = library.Hunspell_create(
            str(found.with_suffix(".aff")).encode(), str(found.with_suffix(".dic")).encode()
        )
        if not handle:
            return None
        encoding = (library.Hunspell_get_dic_encoding(handle) or b"UTF-8").decode()
        return cls(library, handle, encoding)

    def __call__(self, word: str) -> bool:
        try:
            encoded = word.encode(self._encoding)
        except (UnicodeEncodeError, LookupError):
            return False
        return self._library.Hunspell_spell(self._handle, encoded) != 0


@cache
def speller_for(language: str | None) -> Callable[[str], bool] | None:
    """The speller for ``language`` (fi, sv, en), or None when this machine has no dictionary for it."""
    if language == "fi":
        return Voikko.open("fi")
    if language in HUNSPELL_DICTIONARIES:
        return Hunspell.open(HUNSPELL_DICTIONARIES[language])
    return None
