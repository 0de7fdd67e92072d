"""Phone numbers in running text, validated against phonenumbers' own metadata, quickly.

``phonenumbers.PhoneNumberMatcher`` costs about 0.2 ms a text on this hardware; a transcript has
dozens of turns. For regions whose trunk prefix is 0 (FI, SE, DE, GB …) a number in text is written
``+…``, ``00…``, ``0…`` or ``(0…)``, so candidates are found with one regular expression and checked
with the same per-type national-number patterns ``phonenumbers.is_valid_number`` uses (a test holds
the two to agreement). Other regions use the matcher itself.
"""

import re
from collections.abc import Iterator
from functools import lru_cache

import phonenumbers

_CANDIDATE = re.compile(r"(?<![\w+])(?:\+|0|\(0)\d[\d ()-]{5,18}\d(?![\w])")
_NON_DIGIT = re.compile(r"\D")
DATE_SHAPE = re.compile(r"\d{1,4}([./-])\d{1,2}\1\d{1,4}")  # 01-02-2024: never a phone
_TYPES = ("fixed_line", "mobile", "toll_free", "premium_rate", "shared_cost", "personal_number", "voip", "pager",
          "uan", "voicemail")  # fmt: skip


@lru_cache(maxsize=512)
def trunk_prefix_is_0(region: str) -> bool:
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    return metadata is not None and metadata.national_prefix == "0" and metadata.national_prefix_for_parsing == "0"


@lru_cache(maxsize=512)
def _patterns(region: str) -> tuple[tuple[re.Pattern[str], frozenset[int]], ...]:
    """Each number type's national pattern with its possible lengths (the general one first), as
    ``phonenumbers`` checks them: a number must fit the region's general description and then one type,
    each by its length as well as its pattern."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    if metadata is None:
        return ()
    found = []
    for name in ("general_desc", *_TYPES):
        desc = getattr(metadata, name, None)
        if desc is not None and desc.national_number_pattern:
            found.append((re.compile(desc.national_number_pattern), frozenset(desc.possible_length or ())))
    return tuple(found)


def _fits(national: str, pattern: re.Pattern[str], lengths: frozenset[int]) -> bool:
    return (not lengths or len(national) in lengths) and pattern.fullmatch(national) is not None


def _valid_national(national: str, regions: tuple[str, ...] | list[str]) -> bool:
    for region in regions:
        patterns = _patterns(region)
        if patterns and _fits(national, *patterns[0]) and any(_fits(national, *typed) for typed in patterns[1:]):
            return True
    return False


def valid_phone(raw: str, region: str) -> bool:
    """Whether ``raw`` as written is a valid number, dialled from ``region`` (a trunk-0 region)."""
    digits = _NON_DIGIT.sub("", raw)
    if not 7 <= len(digits) <= 17:
        return False
    if raw.startswith(("+", "00")):
        rest = digits[2:] if raw.startswith("00") else digits
        for size in (1, 2, 3):  # country calling codes are prefix-free
            regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(int(rest[:size] or 0))
            if regions and regions != ("001",):
                national = rest[size:]
                # as phonenumbers does, a trunk prefix after the country code ("+358 (0)40 …") is dropped
                trunk = _trunk_prefix(regions[0])
                return _valid_national(national, regions) or (
                    bool(trunk) and national.startswith(trunk) and _valid_national(national[len(trunk) :], regions)
                )
        return False
    return digits.startswith("0") and _valid_national(digits[1:], _regions_sharing_code(region))


@lru_cache(maxsize=512)
def _trunk_prefix(region: str) -> str:
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    if metadata is None:
        return ""
    for prefix in (metadata.national_prefix_for_parsing, metadata.national_prefix):
        if prefix and prefix.isdigit():
            return str(prefix)
    return ""


@lru_cache(maxsize=512)
def _regions_sharing_code(region: str) -> tuple[str, ...]:
    """FI and AX (Åland's 018) share +358: a number dialled in Finland may be either's."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    if metadata is None:
        return (region,)
    return tuple(phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(metadata.country_code or 0, (region,)))


def phone_spans(text: str, region: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each valid phone number in ``text``; a run of digit groups that is not one number
    as a whole is tried shorter (``040 123 4567 12`` still finds the number)."""
    for match in _CANDIDATE.finditer(text):
        raw, start = match.group(), match.start()
        while True:
            if not DATE_SHAPE.fullmatch(raw) and valid_phone(raw.lstrip("("), region):
                yield start, start + len(raw)
                break
            cut = raw.rfind(" ")
            if cut <= 0:
                break
            raw = raw[:cut].rstrip()
