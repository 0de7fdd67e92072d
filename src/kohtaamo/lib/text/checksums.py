"""Checksums that tell a personal or payment identifier from a number that only looks like one.

A wrong check digit means the number is not a real identifier (a contract number, a meter reading),
so it is left in the text: masking every long number would hide what the conversation is about.
"""

from datetime import date

HETU_CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
# Every century sign in use since 2023 (the extra signs relieve the shortage of 1900s/2000s numbers).
HETU_CENTURIES = {"+": 1800, "-": 1900, "Y": 1900, "X": 1900, "W": 1900, "V": 1900, "U": 1900}
HETU_CENTURIES.update({sign: 2000 for sign in "ABCDEF"})

# IBAN lengths of the countries a Nordic contact centre meets; other countries: 15–34 characters.
IBAN_LENGTHS = {
    "FI": 18, "SE": 24, "NO": 15, "DK": 18, "IS": 26, "EE": 20, "LV": 21, "LT": 20, "DE": 22, "GB": 22,
    "FR": 27, "ES": 24, "NL": 18, "BE": 16, "AT": 20, "CH": 21, "IT": 27, "PL": 28, "PT": 25, "IE": 22,
}  # fmt: skip


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check used by payment cards and Swedish personal numbers."""
    if not digits.isdigit():
        return False
    total = 0
    for position, character in enumerate(reversed(digits)):
        value = ord(character) - 48
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _real_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def hetu_valid(code: str) -> bool:
    """A Finnish personal identity code DDMMYYCZZZQ: a real date, a century sign, and its check character."""
    if len(code) != 11:
        return False
    code = code.upper()
    birth, sign, individual, check = code[:6], code[6], code[7:10], code[10]
    if sign not in HETU_CENTURIES or not birth.isdigit() or not individual.isdigit():
        return False
    if int(individual) < 2:  # 000 and 001 are never issued
        return False
    year = HETU_CENTURIES[sign] + int(birth[4:6])
    if not _real_date(year, int(birth[2:4]), int(birth[:2])):
        return False
    return HETU_CHECK_CHARACTERS[int(birth + individual) % 31] == check


def personnummer_valid(number: str) -> bool:
    """A Swedish personal (or coordination) number, YYMMDD-NNNC or YYYYMMDDNNNC, with its Luhn digit."""
    digits = number.replace("-", "").replace("+", "")
    if not digits.isdigit() or len(digits) not in (10, 12):
        return False
    if len(digits) == 12:
        if digits[:2] not in ("18", "19", "20"):
            return False
        digits = digits[2:]
    month, day = int(digits[2:4]), int(digits[4:6])
    if day > 60:  # samordningsnummer: day + 60
        day -= 60
    # the year is only known to the century, and 2000 is a leap year, so 29 February always passes
    if not _real_date(2000 + int(digits[:2]), month, day):
        return False
    return luhn_valid(digits)


def iban_valid(compact: str) -> bool:
    """An IBAN without spaces: its country's length and the ISO 7064 mod-97 check."""
    compact = compact.upper()
    if len(compact) < 15 or len(compact) > 34 or not compact[:2].isalpha() or not compact[2:4].isdigit():
        return False
    expected = IBAN_LENGTHS.get(compact[:2])
    if expected is not None and len(compact) != expected:
        return False
    if not compact.isalnum() or not compact.isascii():
        return False
    rearranged = compact[4:] + compact[:4]
    as_number = "".join(str(int(character, 36)) for character in rearranged)
    return int(as_number) % 97 == 1
