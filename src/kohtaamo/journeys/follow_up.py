"""The follow-up of an action: the windows its metric is compared in, and the verdict as kept on it.

Windows are whole weeks (so each holds every weekday once per week) in the workspace's time zone. The
comparison a year earlier uses 364 days, which keeps weekdays aligned. The measuring itself is a read
(``selectors.outcomes``).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from kohtaamo.lib.journeymath.followup import Outcome, Verdict
from kohtaamo.workspaces.models import Workspace

WINDOW_DAYS = 28
YEAR_DAYS = 364


def day_start(workspace: Workspace, day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=workspace.tz)


def windows(done: date) -> tuple[tuple[date, date], tuple[date, date]]:
    """The four weeks before the day the action was done, and the four weeks from it."""
    return (done - timedelta(days=WINDOW_DAYS), done), (done, done + timedelta(days=WINDOW_DAYS))


@dataclass(frozen=True)
class FollowUp:
    """The verdict of an action, or why there is none yet; the windows compared."""

    before: tuple[date, date]
    after: tuple[date, date]
    verdict: Verdict | None
    measurable_on: date | None  # the after-window is still open until this day

    @property
    def outcome(self) -> str:
        return self.verdict.outcome if self.verdict else Outcome.NOT_MEASURABLE

    @property
    def reason(self) -> str:
        return self.verdict.reason if self.verdict else "window_open"


def follow_up_json(result: FollowUp) -> dict:
    """What is kept on the action when it is evaluated, so the CX review shows it as it was judged."""
    data = {
        "outcome": str(result.outcome),
        "reason": str(result.reason),
        "before": [d.isoformat() for d in result.before],
        "after": [d.isoformat() for d in result.after],
    }
    v = result.verdict
    if v is not None:
        data.update(
            before_value=_number(v.before.value), before_n=v.before.n, after_value=_number(v.after.value),
            after_n=v.after.n, difference=_number(v.difference), ci_low=_number(v.ci_low),
            ci_high=_number(v.ci_high), p_value=_number(v.p_value), seasonal_change=_number(v.seasonal_change),
        )  # fmt: skip
    return data


def _number(value: float | None) -> float | None:
    return None if value is None or value != value else round(float(value), 4)
