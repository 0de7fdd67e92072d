"""Non-voice channels and shrinkage: chat concurrency, deadline-driven back office, scheduled heads.

These are deliberately simple, documented planning rules (see docs/staffing.md) rather than queueing
models: chat is folded back into Erlang by an effective handling time, back-office work is a fluid
workload with a deadline, and shrinkage converts "agents on the phones" into "agents on the rota".
"""

import math
from collections.abc import Mapping

# Efficiency e(k): the share of k-fold single-chat throughput an agent keeps when running k chats at
# once. Agent capacity in single-chat equivalents is k * e(k): 1.0, 1.7, 2.25, 2.6, 2.75, 3.0. The
# values are planning defaults in line with commonly published contact-centre rules of thumb (a second
# chat adds well under one chat of capacity, a fourth or fifth adds little); replace them with your
# own measurements: e(k) = single-chat AHT / measured chat handle time at concurrency k.
DEFAULT_CONCURRENCY_EFFICIENCY: Mapping[int, float] = {1: 1.0, 2: 0.85, 3: 0.75, 4: 0.65, 5: 0.55, 6: 0.5}

# The shrinkage categories the planner screens ask for; other names are accepted and simply added.
SHRINKAGE_CATEGORIES: tuple[str, ...] = ("breaks", "lunch", "training", "meetings", "coaching", "absence")

# Dividing by (1 - shrinkage) can land a hair above an integer: 21 / (1 - 0.3) is 30.000000000000004 in
# binary floating point but 30 on paper, and must schedule 30, not 31. Anything this close rounds down.
_CEIL_SLACK = 1e-9


def concurrency_efficiency(concurrency: int, table: Mapping[int, float] | None = None) -> float:
    """Efficiency ``e(k)`` for ``k`` concurrent chats, from ``table`` (default: the module table).

    Beyond the largest tabulated ``k`` the capacity ``k * e(k)`` is held flat, i.e. extra concurrent
    slots add no throughput: a planner who allows ten chats must not get ten times the capacity.
    """
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise ValueError(f"chat concurrency must be a whole number >= 1, got {concurrency!r}")
    table = DEFAULT_CONCURRENCY_EFFICIENCY if table is None else table
    if not table or any(
        isinstance(k, bool) or not isinstance(k, int) or k < 1 or not 0.0 < v <= 1.0 for k, v in table.items()
    ):
        raise ValueError("concurrency efficiency table must map whole numbers >= 1 to efficiencies in (0, 1]")
    if concurrency in table:
        return float(table[concurrency])
    top = max(table)
    if concurrency > top:
        return float(top * table[top] / concurrency)
    raise ValueError(f"concurrency efficiency table has no entry for {concurrency} concurrent chats")


def effective_aht(aht_seconds: float, concurrency: int, table: Mapping[int, float] | None = None) -> float:
    """Seconds of agent time one chat costs when agents run ``concurrency`` chats at once.

    ``aht_seconds`` is the handle time of a chat handled on its own. An agent at concurrency k clears
    ``k * e(k)`` chats in the time one solo chat takes, so each chat costs ``AHT / (k e(k))`` of the
    agent; feeding that into Erlang C/A treats each agent as one faster server.
    """
    if not (aht_seconds > 0 and math.isfinite(aht_seconds)):
        raise ValueError(f"average handling time must be a positive number of seconds, got {aht_seconds!r}")
    return aht_seconds / (concurrency * concurrency_efficiency(concurrency, table))


def backlog_fte(
    backlog: float,
    days_to_deadline: float,
    daily_inflow: float,
    aht_seconds: float,
    productive_hours_per_day: float,
) -> float:
    """FTE needed to clear ``backlog`` by the deadline while keeping up with new work (email, cases).

    ``(backlog / days_to_deadline + daily_inflow) * AHT / productive seconds per agent-day``: the
    backlog is spread evenly over the business days left and the daily inflow must be handled on top.
    ``productive_hours_per_day`` is time actually spent on the work within business hours (after
    breaks, meetings and so on), so do not apply shrinkage again to the result. Unrounded: part-time
    staff and shared queues make fractional FTE meaningful.
    """
    if not (backlog >= 0 and math.isfinite(backlog)):
        raise ValueError(f"backlog must be >= 0 items, got {backlog!r}")
    if not (days_to_deadline > 0 and math.isfinite(days_to_deadline)):
        raise ValueError(f"days to the deadline must be > 0, got {days_to_deadline!r}")
    if not (daily_inflow >= 0 and math.isfinite(daily_inflow)):
        raise ValueError(f"daily inflow must be >= 0 items, got {daily_inflow!r}")
    if not (aht_seconds > 0 and math.isfinite(aht_seconds)):
        raise ValueError(f"average handling time must be a positive number of seconds, got {aht_seconds!r}")
    if not 0 < productive_hours_per_day <= 24:
        raise ValueError(f"productive hours per day must be in (0, 24], got {productive_hours_per_day!r}")
    daily_work_seconds = (backlog / days_to_deadline + daily_inflow) * aht_seconds
    return daily_work_seconds / (productive_hours_per_day * 3600.0)


def total_shrinkage(shrinkage: float | Mapping[str, float]) -> float:
    """Total shrinkage from one fraction or per-category fractions, which are **added**.

    Each category is a fraction of the same paid time (30 minutes of lunch in an 8-hour day is 6.25 %
    whatever else happens that day), which is how WFM systems and payroll report them, so the shares
    add. Multiplying ``1 - prod(1 - s_i)`` would be right only if each category were measured as a
    share of the time left after the previous ones, and it understates the total otherwise.
    """
    if isinstance(shrinkage, Mapping):
        for name, value in shrinkage.items():
            if not isinstance(name, str) or not name.strip():
                raise ValueError(f"shrinkage category names must be non-empty strings, got {name!r}")
            if not (isinstance(value, int | float) and 0.0 <= value < 1.0):
                raise ValueError(f"shrinkage for {name!r} must be a fraction in [0, 1), got {value!r}")
        total = math.fsum(shrinkage.values())
    else:
        total = shrinkage
    if not (isinstance(total, int | float) and 0.0 <= total < 1.0):
        raise ValueError(f"total shrinkage must be a fraction in [0, 1), got {total!r}")
    return float(total)


def scheduled_agents(agents: float, shrinkage: float | Mapping[str, float] = 0.0) -> int:
    """Heads to schedule so that ``agents`` are available after shrinkage: ``ceil(agents / (1 - s))``."""
    if not (agents >= 0 and math.isfinite(agents)):
        raise ValueError(f"agents must be >= 0, got {agents!r}")
    raw = agents / (1.0 - total_shrinkage(shrinkage))
    return max(0, math.ceil(raw - _CEIL_SLACK * max(1.0, raw)))
