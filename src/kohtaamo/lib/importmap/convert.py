"""Reading the timestamps and durations other systems write, as a profile describes them.

Each function takes the cell's text and returns the canonical value, or raises :class:`ValueError` with
a reason a person can act on ("is not a time in the format %d.%m.%Y %H:%M: '31.02.2026 10:00'").
"""

import math
import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Timestamp formats that are not strptime patterns.
EPOCH, EPOCH_MS, ISO = "epoch", "epoch_ms", "iso"
NAMED_TIMESTAMPS = (EPOCH, EPOCH_MS, ISO)
# Duration units: seconds, milliseconds, or a clock reading (hh:mm:ss, mm:ss).
DURATION_UNITS = ("s", "ms", "hh:mm:ss")
MAX_SECONDS = 30 * 86400  # the canonical record's own limit
_CLOCK = re.compile(r"^(?:(\d+):)?([0-5]?\d):([0-5]\d(?:[.,]\d+)?)$")
_LATEST_EPOCH = 32503680000  # the year 3000: beyond it a number is not a time any system wrote


def zone_named(name: str) -> ZoneInfo:
    """The IANA time zone (``Europe/Helsinki``, ``UTC``); raises ValueError for an unknown name."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"is not a time zone name such as Europe/Helsinki or UTC ({name!r})") from error


def check_timestamp_format(fmt: str) -> None:
    """Refuse a strptime pattern that cannot read a time (no directive at all, or a broken one)."""
    if fmt in NAMED_TIMESTAMPS:
        return
    if "%" not in fmt:
        raise ValueError(f"must be epoch, epoch_ms, iso or a strptime pattern such as %d.%m.%Y %H:%M (not {fmt!r})")
    try:
        datetime.strptime(datetime(2026, 3, 2, 9, 5, 7, tzinfo=UTC).strftime(fmt), fmt)  # noqa: DTZ007
    except ValueError as error:
        raise ValueError(f"is not a valid strptime pattern ({error})") from None


def read_timestamp(text: str, fmt: str, zone: ZoneInfo) -> datetime:
    """The moment a cell names, in UTC; a time without an offset is read in ``zone``."""
    value = text.strip()
    if fmt in (EPOCH, EPOCH_MS):
        try:
            number = float(value)
        except ValueError:
            raise ValueError(f"is not a Unix time in {'milliseconds' if fmt == EPOCH_MS else 'seconds'}") from None
        if fmt == EPOCH_MS:
            number /= 1000
        if not math.isfinite(number) or not 0 < number < _LATEST_EPOCH:
            raise ValueError("is not a Unix time between 1970 and 3000")
        return datetime.fromtimestamp(number, UTC)
    try:
        moment = datetime.fromisoformat(value) if fmt == ISO else datetime.strptime(value, fmt)  # noqa: DTZ007
    except ValueError:
        shown = "ISO 8601" if fmt == ISO else fmt
        raise ValueError(f"is not a time in the format {shown}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(UTC)


def read_duration(text: str, unit: str) -> float:
    """Seconds from ``12.5`` (s), ``12500`` (ms) or ``0:02:05`` / ``02:05`` (hh:mm:ss)."""
    value = text.strip()
    if unit == "hh:mm:ss":
        match = _CLOCK.match(value)
        if not match:
            raise ValueError("is not a duration written hh:mm:ss or mm:ss")
        hours, minutes, seconds = match.groups()
        number = int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds.replace(",", "."))
    else:
        try:
            number = float(value.replace(",", "."))
        except ValueError:
            raise ValueError(f"is not a number of {'milliseconds' if unit == 'ms' else 'seconds'}") from None
        if unit == "ms":
            number /= 1000
    if not math.isfinite(number) or not 0 <= number <= MAX_SECONDS:
        raise ValueError("is not a duration between 0 and 30 days")
    return number
