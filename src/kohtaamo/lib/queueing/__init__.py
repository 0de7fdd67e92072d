"""Queueing and staffing maths for contact-centre capacity planning (pure numpy/scipy, no Django).

How many agents does an interval need? Voice uses Erlang C (callers wait forever) or Erlang A (callers
hang up after an exponentially distributed patience), with Erlang B for blocking; chat folds
concurrency into an effective handling time; email and back office are sized by backlog deadline;
shrinkage turns agents on the phones into heads on the rota. The method, formulas and defaults are
documented in docs/staffing.md.

Everything that evaluates or solves accepts numpy arrays, one entry per interval, so a year of
15-minute intervals is planned in one call; :func:`staff` is the scalar one-shot calculator.
"""

from .channels import (
    DEFAULT_CONCURRENCY_EFFICIENCY,
    SHRINKAGE_CATEGORIES,
    backlog_fte,
    concurrency_efficiency,
    effective_aht,
    scheduled_agents,
    total_shrinkage,
)
from .erlang import (
    QueueMetrics,
    erlang_a_metrics,
    erlang_b,
    erlang_c,
    erlang_c_asa,
    erlang_c_metrics,
    erlang_c_service_level,
)
from .solve import GOAL_TOLERANCE, Goal, erlang_b_required, meets_goal, required_agents
from .staff import staff

__all__ = [
    "DEFAULT_CONCURRENCY_EFFICIENCY",
    "GOAL_TOLERANCE",
    "SHRINKAGE_CATEGORIES",
    "Goal",
    "QueueMetrics",
    "backlog_fte",
    "concurrency_efficiency",
    "effective_aht",
    "erlang_a_metrics",
    "erlang_b",
    "erlang_b_required",
    "erlang_c",
    "erlang_c_asa",
    "erlang_c_metrics",
    "erlang_c_service_level",
    "meets_goal",
    "required_agents",
    "scheduled_agents",
    "staff",
    "total_shrinkage",
]
