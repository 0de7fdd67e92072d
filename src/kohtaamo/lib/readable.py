"""Durations, dates and times as people read them, in Finnish, Swedish and English.

One place decides how every page writes "15 min 54 s", "21.9.2026 klo 7.57", "2026-09-21 07:57" or
"21 Sep 2026, 07:57", so a handle time or a timestamp reads the same on every page. Pure functions: the
caller passes the language code, the time zone and (for durations) the unit words, which the site's
template filters take from the translation catalogues. Month and weekday names are a small table here,
because they are fixed per language and never change with the product's wording.

The conventions: Finnish writes dates day.month.year without leading zeros and times with a full stop
("klo 7.57", Kielitoimisto); Swedish pages use the ISO date and a 24-hour clock with a colon, as Swedish
tables do, and "kl. 7.57" in running text; English uses "21 Sep 2026, 07:57". Exports and chart axes
stay ISO: they are for machines and do not come here.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo

DASH = "–"
LANGUAGES = ("fi", "sv", "en")

MONTHS_SHORT_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTHS_LONG_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December")  # fmt: skip
MONTHS_LONG_SV = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
                  "oktober", "november", "december")  # fmt: skip
MONTHS_LONG_FI = ("tammikuu", "helmikuu", "maaliskuu", "huhtikuu", "toukokuu", "kesäkuu", "heinäkuu", "elokuu",
                  "syyskuu", "lokakuu", "marraskuu", "joulukuu")  # fmt: skip
WEEKDAYS_SHORT = {
    "fi": ("ma", "ti", "ke", "to", "pe", "la", "su"),
    "sv": ("mån", "tis", "ons", "tors", "fre", "lör", "sön"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
WEEKDAYS_LONG = {
    "fi": ("maanantai", "tiistai", "keskiviikko", "torstai", "perjantai", "lauantai", "sunnuntai"),
    "sv": ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


@dataclass(frozen=True)
class Units:
    """The unit words of a duration in the reader's language (the template filters translate them)."""

    day: str = "d"
    hour: str = "h"
    minute: str = "min"
    second: str = "s"


def language_of(code: str | None) -> str:
    """``"fi"``, ``"sv"`` or ``"en"`` for a language code such as ``"sv-fi"``; English for anything else."""
    short = (code or "").lower()[:2]
    return short if short in LANGUAGES else "en"


def duration(seconds: float | None, units: Units = Units()) -> str:  # noqa: B008 (a frozen constant)
    """``45 s``, ``15 min 54 s``, ``1 h 5 min``, ``2 d 3 h``: the two largest units, rounded to the smaller.

    Seconds are shown only under an hour, minutes only under a day: nobody reads "1 h 5 min 12 s" off a
    dashboard. A zero second part is left out ("1 min", not "1 min 0 s"). None or NaN is a dash.
    """
    if seconds is None or math.isnan(seconds):
        return DASH
    total = round(abs(seconds))
    sign = "−" if seconds < 0 and total else ""
    if total < 60:
        parts = [(total, units.second)]
    elif total < 3600:
        minutes, rest = divmod(total, 60)
        parts = [(minutes, units.minute), (rest, units.second)]
    elif total < 86400:
        hours, minutes = divmod(round(total / 60), 60)
        parts = [(hours, units.hour), (minutes, units.minute)]
    else:
        days, hours = divmod(round(total / 3600), 24)
        parts = [(days, units.day), (hours, units.hour)]
    shown = [parts[0]] + [p for p in parts[1:] if p[0]]
    return sign + " ".join(f"{n} {unit}" for n, unit in shown)


def local(moment: datetime, tz: tzinfo) -> datetime:
    """An aware instant on the wall clock of ``tz``; a naive one is taken as already local."""
    return moment.astimezone(tz) if moment.tzinfo is not None else moment


def date_text(day: date, language: str) -> str:
    """fi ``21.9.2026``, sv ``2026-09-21``, en ``21 Sep 2026``."""
    language = language_of(language)
    if language == "fi":
        return f"{day.day}.{day.month}.{day.year}"
    if language == "sv":
        return f"{day.year:04}-{day.month:02}-{day.day:02}"
    return f"{day.day} {MONTHS_SHORT_EN[day.month - 1]} {day.year}"


def day_month_text(day: date, language: str) -> str:
    """A date in the current year, in running text: fi ``4.3.``, sv ``4 mars``, en ``4 March``."""
    language = language_of(language)
    if language == "fi":
        return f"{day.day}.{day.month}."
    if language == "sv":
        return f"{day.day} {MONTHS_LONG_SV[day.month - 1]}"
    return f"{day.day} {MONTHS_LONG_EN[day.month - 1]}"


def month_text(day: date, language: str) -> str:
    """A calendar month: fi ``syyskuu 2026``, sv ``september 2026``, en ``September 2026``."""
    language = language_of(language)
    names = {"fi": MONTHS_LONG_FI, "sv": MONTHS_LONG_SV}.get(language, MONTHS_LONG_EN)
    return f"{names[day.month - 1]} {day.year}"


def time_text(clock: time | datetime, language: str) -> str:
    """fi ``7.57``, sv and en ``07:57`` (24-hour clock everywhere)."""
    if language_of(language) == "fi":
        return f"{clock.hour}.{clock.minute:02}"
    return f"{clock.hour:02}:{clock.minute:02}"


def clock_phrase(clock: time | datetime, language: str) -> str:
    """A time in running text: fi ``klo 7.57``, sv ``kl. 7.57``, en ``07:57``."""
    language = language_of(language)
    if language == "fi":
        return f"klo {clock.hour}.{clock.minute:02}"
    if language == "sv":
        return f"kl. {clock.hour}.{clock.minute:02}"
    return f"{clock.hour:02}:{clock.minute:02}"


def datetime_text(moment: datetime, language: str, tz: tzinfo) -> str:
    """fi ``21.9.2026 klo 7.57``, sv ``2026-09-21 07:57``, en ``21 Sep 2026, 07:57``, on ``tz``'s clock."""
    language = language_of(language)
    wall = local(moment, tz)
    day = date_text(wall.date(), language)
    if language == "fi":
        return f"{day} {clock_phrase(wall, language)}"
    if language == "sv":
        return f"{day} {time_text(wall, language)}"
    return f"{day}, {time_text(wall, language)}"


def date_range_text(first: date, last: date, language: str) -> str:
    """Two dates joined by a dash (``1.9.2026–30.9.2026``); one date when they are the same day."""
    if first == last:
        return date_text(first, language)
    joiner = " – " if language_of(language) == "en" else "–"
    return date_text(first, language) + joiner + date_text(last, language)


def interval_text(low: str, high: str) -> str:
    """An interval's two ends, already formatted, as every page shows one: ``[62–71]``, ``[−4 – 12]``.

    One style site-wide (pages had grown ``a … b``, ``(a–b)`` and ``[a – b]``). The dash is spaced only
    when an end is negative or has a space of its own ("−4–12" reads as a subtraction).
    """
    spaced = any(end.startswith(("-", "\u2212")) or " " in end or "\u00a0" in end for end in (low, high))
    return f"[{low}{' – ' if spaced else '–'}{high}]"


def weekday_name(index: int, language: str, *, long: bool = False) -> str:
    """Monday is 0, as ``date.weekday()`` counts: fi ``ma`` / ``maanantai``, sv ``mån``, en ``Mon``."""
    table = WEEKDAYS_LONG if long else WEEKDAYS_SHORT
    return table[language_of(language)][int(index) % 7]


def weekdays_text(indices: Iterable[int], language: str) -> str:
    """A set of weekdays as a reader writes it: runs of three or more as a range (``ma–pe, su``)."""
    days = sorted({int(i) % 7 for i in indices})
    runs: list[list[int]] = []
    for d in days:
        if runs and d == runs[-1][-1] + 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    parts = []
    for run in runs:
        names = [weekday_name(d, language) for d in run]
        parts.extend([f"{names[0]}–{names[-1]}"] if len(run) >= 3 else names)
    return ", ".join(parts)


def case_label(ref: str | None, pk: int | None) -> str:
    """The one form of a case id everywhere: the case's own reference if it has one, else ``#123``."""
    if ref:
        return ref
    return f"#{pk}" if pk is not None else DASH
