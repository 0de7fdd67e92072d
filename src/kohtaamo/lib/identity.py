"""Normalising customer identifiers so the same person is recognised on every channel.

Pure functions (no Django). Every normaliser returns ``None`` for a value that must never match
anybody: empty strings, placeholders such as ``null`` or ``anonymous``, all-zero ids, unparseable
phone numbers. Customer-data platforms learned the hard way that one junk value shared by thousands of
records merges them all into one monster profile.
"""

import re
import unicodedata
from functools import lru_cache

import phonenumbers

JUNK_TOKENS = frozenset(
    {
        "",
        "null",
        "none",
        "nil",
        "nan",
        "n/a",
        "na",
        "undefined",
        "unknown",
        "anonymous",
        "anon",
        "guest",
        "test",
        "-",
        "-1",
        "0",
        "x",
        "?",
    }
)
_ZEROS = re.compile(r"^[0\W_]+$")
_ONE_DIGIT_REPEATED = re.compile(r"^(\d)\1+$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
JUNK_EMAIL_LOCALPARTS = frozenset({"noreply", "no-reply", "donotreply", "test", "null", "none", "anonymous"})
HANDLE_NETWORKS = frozenset({"whatsapp", "messenger", "x", "instagram", "facebook", "telegram", "linkedin", "web"})


def is_junk(value: str, extra_junk: frozenset[str] = frozenset()) -> bool:
    """True for placeholder values that must not identify anyone."""
    folded = value.strip().casefold()
    return folded in JUNK_TOKENS or folded in extra_junk or bool(_ZEROS.match(folded))


def normalise_external_id(value: object, extra_junk: frozenset[str] = frozenset()) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    if is_junk(text, extra_junk):
        return None
    return text


def normalise_email(value: object, extra_junk: frozenset[str] = frozenset()) -> str | None:
    """Trim, NFC and case-fold: ``Matti.Virtanen@Example.FI `` and ``matti.virtanen@example.fi`` match."""
    if value is None:
        return None
    return _normalise_email(str(value), extra_junk)


@lru_cache(maxsize=200_000)
def _normalise_email(value: str, extra_junk: frozenset[str]) -> str | None:
    text = unicodedata.normalize("NFC", value).strip().casefold()
    if not _EMAIL.match(text) or is_junk(text, extra_junk):
        return None
    local, _, domain = text.partition("@")
    if local in JUNK_EMAIL_LOCALPARTS or domain in {"example.invalid", "invalid"}:
        return None
    return text


def _valid_number(text: str, region: str) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


@lru_cache(maxsize=500_000)
def _parse_phone(text: str, region: str) -> str | None:
    number = _valid_number(text, region)
    digits = re.sub(r"\D", "", text)
    if number is None and digits and not text.startswith("+"):
        # "358 40 123 4567" is an international number typed without its "+".
        number = _valid_number("+" + digits, region)
    if number is None:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_phone(value: object, region: str = "FI", extra_junk: frozenset[str] = frozenset()) -> str | None:
    """E.164 via phonenumbers: ``040 1234567``, ``+358401234567`` and ``358 40 123 4567`` are one number."""
    if value is None:
        return None
    return _normalise_phone(str(value).strip(), region, extra_junk)


@lru_cache(maxsize=200_000)
def _normalise_phone(text: str, region: str, extra_junk: frozenset[str]) -> str | None:
    digits = re.sub(r"\D", "", text)
    if is_junk(text, extra_junk) or not digits or _ONE_DIGIT_REPEATED.match(digits):
        return None
    e164 = _parse_phone(text, region.upper())
    if e164 is None or e164 in extra_junk:
        return None
    return e164


def normalise_handle(value: object, extra_junk: frozenset[str] = frozenset()) -> str | None:
    """``WhatsApp: +358 40 1234567`` → ``whatsapp:+358401234567``; ``x:@Matti`` → ``x:matti``.

    A handle names its network so the same nickname on two networks stays two identities.
    """
    if value is None:
        return None
    text = str(value).strip()
    network, sep, name = text.partition(":")
    network = network.strip().casefold()
    if not sep or network not in HANDLE_NETWORKS:
        return None
    name = name.strip()
    if network == "whatsapp":
        phone = normalise_phone(name if name.startswith("+") else "+" + re.sub(r"\D", "", name))
        return f"whatsapp:{phone}" if phone else None
    name = name.lstrip("@").casefold()
    if is_junk(name, extra_junk):
        return None
    return f"{network}:{name}"
