"""Benchmark: forecast and staff a year of 15-minute intervals, and roll up a year of KPI quarter-hours.

Run with the project venv::

    .venv/bin/python bench/operations.py [--queues 5]

Synthetic history: two years of 15-minute intervals per queue (Helsinki time, so both DST changes of
each year are in it) with two daily peaks, a weekly rhythm, yearly seasonality and Poisson noise. For each
queue the benchmark builds a 365-day forecast (with MSTL, since two years allow yearly seasonality) and
a 28-day backtest, then plans the whole year at 15-minute intervals (35,040 per queue: phone, chat and
email pools, shrinkage, Erlang A with patience, shifts) and finally rolls up a year of quarter-hour KPI
sums to local days, weeks and months. No database is used; the KPI query itself is measured by the test
suite's real-database tests. The last line is JSON.
"""

import argparse
import json
import os
import time
from datetime import date, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

import numpy as np

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kohtaamo.settings")
import django  # noqa: E402

django.setup()

from kohtaamo.lib.forecast import History, backtest, forecast  # noqa: E402
from kohtaamo.lib.intervals import bucket_starts, grain_starts, wall_clock  # noqa: E402
from kohtaamo.lib.staffing.inputs import Assumptions, Demand, Shift  # noqa: E402
from kohtaamo.lib.staffing.plan import plan_staffing  # noqa: E402

TZ = ZoneInfo("Europe/Helsinki")
WEEK = np.array([1.3, 1.1, 1.05, 1.0, 0.9, 0.3, 0.2])
CHANNELS = ("phone", "chat", "email")


def history(first: date, days: int, level: float, seed: int) -> History:
    starts = grain_starts(first, first + timedelta(days=days), TZ, "15min")
    weekday, minute = wall_clock(starts, TZ)
    hour = minute / 60
    day_of_year = (starts // 86400) % 365
    season = 1 + 0.25 * np.cos(2 * np.pi * day_of_year / 365)
    rate = level * (np.exp(-((hour - 10.5) ** 2) / 6) + 0.8 * np.exp(-((hour - 14) ** 2) / 4)) * WEEK[weekday] * season
    volume = np.random.default_rng(seed).poisson(rate).astype(float)
    return History(starts, volume, volume * 300.0, volume)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queues", type=int, default=5)
    args = parser.parse_args()
    start = date(2026, 1, 1)
    histories = [history(start - timedelta(days=800), 800, 20.0 * (q + 1), q) for q in range(args.queues)]

    began = time.perf_counter()
    forecasts = [forecast(h, tz=TZ, interval_minutes=15, start=start, days=365) for h in histories]
    forecast_seconds = time.perf_counter() - began
    began = time.perf_counter()
    tests = [backtest(h, tz=TZ, interval_minutes=15, holdout_days=28) for h in histories]
    backtest_seconds = time.perf_counter() - began
    intervals = int(forecasts[0].starts.size)
    print(
        f"forecast: {args.queues} queues x {intervals:,} intervals (365 days) in {forecast_seconds:.2f} s "
        f"({forecasts[0].method}); backtests {backtest_seconds:.2f} s"
    )
    for q, t in enumerate(tests):
        print(f"  queue {q}: WAPE {t.wape_interval:.1%} per interval, {t.wape_day:.1%} per day, bias {t.bias:+.1%}")

    demands = [
        Demand(
            q,
            CHANNELS[q % 3],
            f.starts,
            15,
            f.volume,
            np.where(np.isfinite(f.aht_seconds), f.aht_seconds, 300.0),
        )
        for q, f in enumerate(forecasts)
    ]
    shifts = [
        Shift("Helsinki", False, (0, 1, 2, 3, 4), clock(8), clock(16), 40),
        Shift("Partner", True, (0, 1, 2, 3, 4, 5), clock(10), clock(18), 20),
    ]
    assumptions = Assumptions(
        start=start,
        end=start + timedelta(days=364),
        interval_minutes=15,
        patience_seconds=180,
        shrinkage={"breaks": 0.1, "training": 0.05, "absence": 0.08},
        partner_share=0.3,
        opening_hours={str(d): ["07:00", "21:00"] for d in range(7)},
    )
    began = time.perf_counter()
    result = plan_staffing(demands=demands, shifts=shifts, assumptions=assumptions, tz=TZ)
    plan_seconds = time.perf_counter() - began
    summary = result.summary()
    print(
        f"staffing plan: {result.starts.size:,} intervals, {len(demands)} queues, in {plan_seconds:.2f} s; "
        f"peak {summary['peak_required']} heads, {summary['understaffed_intervals']:,} understaffed intervals"
    )

    slots = grain_starts(start, start + timedelta(days=365), TZ, "15min")
    sums = np.random.default_rng(0).poisson(5.0, size=(slots.size, 9)).astype(float)
    began = time.perf_counter()
    for grain in ("60min", "day", "week", "month"):
        buckets, index = np.unique(bucket_starts(slots, TZ, grain), return_inverse=True)
        rolled = np.zeros((buckets.size, sums.shape[1]))
        np.add.at(rolled, index.ravel(), sums)
    rollup_seconds = time.perf_counter() - began
    print(f"KPI roll-up of {slots.size:,} quarter-hours to hours, days, weeks and months: {rollup_seconds:.3f} s")
    print(
        json.dumps(
            {
                "queues": args.queues,
                "intervals_per_queue": intervals,
                "forecast_seconds": round(forecast_seconds, 3),
                "backtest_seconds": round(backtest_seconds, 3),
                "plan_seconds": round(plan_seconds, 3),
                "plan_intervals": int(result.starts.size),
                "kpi_rollup_seconds": round(rollup_seconds, 4),
                "wape_day_mean": round(float(np.mean([t.wape_day for t in tests])), 4),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
