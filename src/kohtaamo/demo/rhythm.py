"""When customers get in touch: the week, the day, the year, public holidays and the storm week."""

import random
from collections.abc import Container
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays

from .context import DemoContext, Storm

HELSINKI = ZoneInfo("Europe/Helsinki")
# Monday is the busiest day (the weekend's problems arrive), weekends are quiet.
WEEKDAY = (1.3, 1.12, 1.05, 1.0, 0.9, 0.32, 0.2)
# Summer holidays empty July; dark months and winter bills fill November to January.
MONTH = {
    1: 1.1,
    2: 1.05,
    3: 1.0,
    4: 0.95,
    5: 0.95,
    6: 0.85,
    7: 0.7,
    8: 0.95,
    9: 1.0,
    10: 1.05,
    11: 1.1,
    12: 1.0,
}
HOLIDAY = 0.18
# Hour-of-day weights, local time: peaks 9–11 and 13–15, a lunch dip, quiet nights.
HOURS = {
    "staffed": (0.05, 0.03, 0.02, 0.02, 0.03, 0.06, 0.25, 0.7, 1.5, 2.3, 2.4, 1.8, 1.4, 2.1, 2.2, 1.7,
                1.2, 0.8, 0.5, 0.35, 0.25, 0.18, 0.12, 0.08),
    "weekend": (0.05, 0.03, 0.02, 0.02, 0.02, 0.04, 0.1, 0.3, 0.7, 1.1, 1.4, 1.5, 1.4, 1.3, 1.2, 1.0,
                0.8, 0.6, 0.5, 0.4, 0.3, 0.22, 0.15, 0.08),
    "async": (0.15, 0.08, 0.05, 0.04, 0.05, 0.1, 0.35, 0.8, 1.4, 1.8, 1.8, 1.5, 1.4, 1.6, 1.6, 1.4,
              1.2, 1.0, 1.0, 1.1, 1.1, 0.9, 0.6, 0.3),
    "store": (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1.0, 1.4, 1.5, 1.3, 1.3, 1.2, 1.2, 1.1, 0.7, 0, 0, 0, 0, 0),
    # The storm hits in the afternoon of its first day; the fault line is busy until late at night.
    "storm_onset": (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.8, 1.5,
                    2.2, 2.6, 2.6, 2.4, 2.0, 1.6, 1.2, 0.8),
    "storm": (0.3, 0.2, 0.15, 0.1, 0.1, 0.2, 0.6, 1.2, 1.6, 1.7, 1.6, 1.4, 1.3, 1.3, 1.3, 1.5,
              1.8, 2.0, 2.0, 1.8, 1.5, 1.2, 0.9, 0.5),
}  # fmt: skip
STAFFED = frozenset({"phone", "chat", "in_person"})


def finnish_holidays(ctx: DemoContext) -> holidays.HolidayBase:
    return holidays.country_holidays("FI", years=range(ctx.start.year, ctx.today.year + 1))


def history(ctx: DemoContext) -> list[date]:
    """Every day of the six months of history, oldest first, ending yesterday."""
    return [ctx.start + timedelta(days=i) for i in range((ctx.today - ctx.start).days)]


def day_factor(day: date, holiday_calendar: Container[date]) -> float:
    factor = WEEKDAY[day.weekday()] * MONTH[day.month]
    if day in holiday_calendar:
        factor *= HOLIDAY
    return factor


def channel_mix(mix: dict[str, float], day: date, holiday_calendar: Container[date]) -> dict[str, float]:
    """Outside office days, people turn to written channels and stores close."""
    closed = day.weekday() == 6 or day in holiday_calendar
    weekend = day.weekday() >= 5 or closed
    adjusted = {}
    for channel, weight in mix.items():
        if channel == "in_person":
            weight = 0.0 if closed else weight * (0.6 if weekend else 1.0)
        elif channel in STAFFED and weekend:
            weight *= 0.6
        elif channel not in STAFFED and weekend:
            weight *= 1.5
        adjusted[channel] = weight
    return adjusted


def moment(
    rng: random.Random, day: date, channel: str, holiday_calendar: Container[date], profile: str | None = None
) -> datetime:
    """A local time on ``day`` drawn from the channel's hour profile."""
    if profile is None:
        if channel == "in_person":
            profile = "store"
        elif channel in STAFFED:
            profile = "weekend" if day.weekday() >= 5 or day in holiday_calendar else "staffed"
        else:
            profile = "async"
    hour = rng.choices(range(24), weights=HOURS[profile])[0]
    return datetime(day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60), tzinfo=HELSINKI)


def storm_step(ctx: DemoContext) -> None:
    """Pick the storm week: about six weeks ago, starting on a working day."""
    calendar = finnish_holidays(ctx)
    around = ctx.today - timedelta(days=42)
    start = around - timedelta(days=around.weekday()) + timedelta(days=1)  # that week's Tuesday
    while start in calendar:
        start += timedelta(days=1)
    ctx.storm = Storm(
        name="Myrsky Kaarlo",
        start=start,
        surge=(3.6, 2.6, 1.2, 0.5),
        areas=("Turku", "Espoo", "Kirkkonummi", "Porvoo", "Vaasa"),
    )


def storm_congestion(ctx: DemoContext, day: date) -> float:
    """How many times longer than usual the phone queue is on ``day``."""
    if ctx.storm is None or day not in ctx.storm.days:
        return 1.0
    return (9.0, 6.0, 2.5, 1.4)[ctx.storm.days.index(day)]
