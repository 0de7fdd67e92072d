"""Shaping feedback reports for pages, charts and CSV exports: every table the dashboard shows is the
table its export writes, so the page and the file never disagree.
"""

import csv
import math
from collections.abc import Iterable, Sequence
from typing import IO

from django.utils.translation import gettext_lazy as _

from kohtaamo.lib.cxmetrics import Estimate

from .links import survey_link
from .models import Answer, Invitation
from .selectors.dashboard import Dashboard, DriverReport
from .selectors.metrics import HEADLINE, MetricReport
from .services.emails import score_links

METRIC_LABELS = {
    "nps": _("NPS"),
    # xgettext:no-python-format
    "csat": _("CSAT % satisfied"),
    "ces": _("CES mean (1–7)"),
}
BREAKDOWNS = {
    "channel": _("Channel"),
    "team": _("Team"),
    "agent": _("Agent"),
    "contact_reason": _("Contact reason"),
    "queue": _("Queue"),
    "language": _("Language"),
}
# A cell starting with one of these is run as a formula by spreadsheet programs; customer text is
# untrusted, so such cells are prefixed with an apostrophe (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
Table = tuple[list[str], list[list]]


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def write_csv(out: IO[str], header: Sequence[str], rows: Iterable[Sequence]) -> None:
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])


def _rounded(value: float | None) -> float | str:
    return "" if value is None or math.isnan(value) else round(value, 1)


def _numbers(estimate: Estimate) -> list:
    return [
        _rounded(estimate.value),
        _rounded(estimate.ci_low),
        _rounded(estimate.ci_high),
        estimate.n,
        estimate.too_few,
    ]


def report_table(report: MetricReport, group_title: str) -> Table:
    """Header and rows of one breakdown or trend, as the page shows them and the CSV writes them."""
    header = [str(group_title), str(HEADLINE[report.metric]), "ci_low", "ci_high", "n", "too_few", "flag"]
    rows = [[row.label, *_numbers(row.estimate), str(row.flag)] for row in report.groups]
    return header, rows


def figure_table(data: Dashboard) -> Table:
    """The period's headline and secondary figures."""
    header = ["figure", "value", "ci_low", "ci_high", "n", "too_few"]
    rows = []
    for metric, report in data.figures.items():
        for name, estimate in ((HEADLINE[metric], report.overall), (None, report.secondary)):
            if estimate is None:
                continue
            label = str(name) if name else f"{metric}_secondary"
            rows.append([label, *_numbers(estimate)])
    return header, rows


def delivery_rate_table(rates: list[dict]) -> Table:
    """Response rates per way of sending (email, sms)."""
    header = ["delivery", "sent", "answered", "reminded", "rate_percent", "ci_low", "ci_high"]
    return header, [[r["delivery"], r["sent"], r["answered"], r["reminded"], *_numbers(r["rate"])[:3]] for r in rates]


def rate_table(rates: list[dict]) -> Table:
    """Response rates per trigger rule."""
    header = ["trigger", "sent", "answered", "rate_percent", "ci_low", "ci_high"]
    return header, [[r["trigger"], r["sent"], r["answered"], *_numbers(r["rate"])[:3]] for r in rates]


def driver_table(report: DriverReport) -> Table:
    """The key drivers of a metric, most important first."""
    header = ["driver", "importance_r2", "share_percent", "sign"]
    return header, [[d.name, round(d.importance, 4), round(d.share * 100, 1), d.sign] for d in report.result.drivers]


def verbatim_table(verbatims: Iterable[Answer], metric: str) -> tuple[list[str], Iterable[list]]:
    """Verbatims with the respondent's score on ``metric`` (rows are produced as the file is written)."""
    header = ["answered_at", f"{metric}_score", "channel", "agent", "text"]
    rows = ([v.answered_at.isoformat(), v.score, v.channel, v.agent.name if v.agent else "", v.text] for v in verbatims)
    return header, rows


def trend_chart(data: Dashboard) -> dict:
    """Weekly series with CI bands for the Plotly chart (weeks with no answers are simply absent)."""
    series = {}
    for metric, report in data.trends.items():
        points = [g for g in report.groups if not math.isnan(g.estimate.value)]
        series[metric] = {
            "label": str(METRIC_LABELS[metric]),
            "x": [g.label for g in points],
            "y": [round(g.estimate.value, 1) for g in points],
            "low": [None if math.isnan(g.estimate.ci_low) else round(g.estimate.ci_low, 1) for g in points],
            "high": [None if math.isnan(g.estimate.ci_high) else round(g.estimate.ci_high, 1) for g in points],
            "n": [g.estimate.n for g in points],
        }
    return series


INVITATION_HEADER = (
    "id", "survey", "status", "language", "email", "customer_id", "interaction_id", "channel", "agent",
    "team", "send_after", "expires_at", "link", "first_question_links", "delivery", "phone", "reminded_at",
)  # fmt: skip


def invitations_csv(invitations: Iterable[Invitation], out: IO[str]) -> None:
    """One row per invitation with its survey link and the pre-filled score links of the first question."""
    rows = (
        (
            i.pk,
            i.survey.key,
            i.status,
            i.language,
            i.email,
            i.customer_id or "",
            i.interaction_id or "",
            i.channel,
            i.agent.name if i.agent else "",
            i.team.name if i.team else "",
            i.send_after.isoformat(),
            i.expires_at.isoformat(),
            survey_link(i),
            " ".join(link for _score, link in score_links(i)),
            i.delivery,
            i.phone,
            i.reminded_at.isoformat() if i.reminded_at else "",
        )  # fmt: skip
        for i in invitations
    )
    write_csv(out, INVITATION_HEADER, rows)
