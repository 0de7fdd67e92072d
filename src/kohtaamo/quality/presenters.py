"""Shape quality data for pages and exports: the evaluation form with its answers and scores, IQS trend
charts, the IQS CSV and a scorecard's JSON."""

import math
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from kohtaamo.lib.cxmetrics import Estimate
from kohtaamo.lib.qa.answers import NA
from kohtaamo.lib.qa.checks import CHECKS
from kohtaamo.lib.qa.forms import Form, Question, localise
from kohtaamo.lib.qa.highlight import segments

from .labels import AUTO_CHECKS, SPEAKERS
from .models import AutoAnswer, AutoReview, ScorecardVersion
from .selectors.reports import IqsRow


def point_key(value: float) -> str:
    """A scale point as the string a radio button carries: 1.0 → "1", 0.5 → "0.5"."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def parse_point(raw: str) -> Any:
    """A posted answer back to what the scorer expects: "na", a number, or the raw text (rejected later)."""
    raw = raw.strip()
    if raw == NA:
        return NA
    try:
        number = float(raw)
    except ValueError:
        return raw
    return int(number) if number.is_integer() else number


@dataclass
class QuestionView:
    id: str
    text: str
    help: str
    kind: str
    weight: float
    na_allowed: bool
    points: list[tuple[str, str]]  # (value, label)
    selected: str
    comment: str
    error: str
    score: float | None = None
    failed: bool = False
    auto: "CheckRow | None" = None  # the automatic check the question carries, when it was answered


@dataclass
class SectionView:
    id: str
    title: str
    bonus: bool
    questions: list[QuestionView] = field(default_factory=list)
    score: float | None = None
    raw_score: float | None = None
    failed: bool = False


def _points(question: Question) -> list[tuple[str, str]]:
    if question.is_yes_no:
        return [("1", _("Yes")), ("0", _("No"))]
    return [(point_key(p), point_key(p)) for p in sorted(question.scale.points)]


def form_view(
    form: Form,
    language: str,
    *,
    answers: dict[str, Any],
    comments: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    result: dict[str, Any] | None = None,
    auto_checks: "AutoChecksView | None" = None,
) -> list[SectionView]:
    """Sections and questions with the current answers, comments, errors and (when scored) scores."""
    comments, errors, result = comments or {}, errors or {}, result or {}
    scored_questions = result.get("questions", {})
    scored_sections = result.get("sections", {})
    sections = list(form.sections) + ([form.bonus] if form.bonus else [])
    out = []
    for section in sections:
        view = SectionView(section.id, localise(section.title, language), section is form.bonus)
        view.score = scored_sections.get(section.id, {}).get("score")
        view.raw_score = scored_sections.get(section.id, {}).get("raw_score")
        view.failed = scored_sections.get(section.id, {}).get("failed", False)
        for q in section.questions:
            value = answers.get(q.id)
            selected = NA if value == NA else ("" if value is None else point_key(value))
            view.questions.append(
                QuestionView(
                    id=q.id,
                    text=localise(q.text, language),
                    help=localise(q.help, language),
                    kind=str(q.kind),
                    weight=q.weight,
                    na_allowed=q.na_allowed,
                    points=_points(q),
                    selected=selected,
                    comment=comments.get(q.id, ""),
                    error=errors.get(q.id, ""),
                    score=scored_questions.get(q.id, {}).get("score"),
                    failed=scored_questions.get(q.id, {}).get("failed", False),
                    auto=auto_checks.for_check(q.auto_check) if auto_checks and q.auto_check else None,
                )
            )
        out.append(view)
    return out


def answers_from_post(form: Form, data: QueryDict | dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """Answers ("q-<id>") and comments ("c-<id>") from a posted evaluation form; blanks are left out."""
    answers, comments = {}, {}
    for _section, q in form.questions():
        raw = data.get(f"q-{q.id}", "")
        if raw.strip():
            answers[q.id] = parse_point(raw)
        comment = data.get(f"c-{q.id}", "")
        if comment.strip():
            comments[q.id] = comment.strip()
    return answers, comments


SHOWN_TRENDS = 5  # more lines than this are drawn hidden (toggle them in the legend): 40 lines are a tangle


def _chart_number(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else round(value, 1)


def trend_chart(trends: dict[int, list[IqsRow]], names: dict[int, str]) -> list[dict[str, Any]]:
    """Plotly traces: one line per agent, the 95 % interval as error bars.

    A month with too few evaluations to say is an open marker without whiskers: its interval spans most
    of the scale and drawn as a bar it read as a line crashing to zero (the n stays in the hover).
    """
    traces = []
    for index, (agent_id, rows) in enumerate(trends.items()):
        sure = [not r.estimate.too_few for r in rows]
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": names.get(agent_id, "–"),
                "visible": True if index < SHOWN_TRENDS else "legendonly",
                "x": [r.label for r in rows],
                "y": [_chart_number(r.estimate.value) for r in rows],
                "customdata": [r.estimate.n for r in rows],
                "hovertemplate": "%{x}: %{y} (n=%{customdata})",
                "marker": {"symbol": ["circle" if ok else "circle-open" for ok in sure]},
                "error_y": {
                    "type": "data",
                    "symmetric": False,
                    "array": [
                        _chart_number(r.estimate.ci_high - r.estimate.value) if ok else None
                        for r, ok in zip(rows, sure, strict=True)
                    ],
                    "arrayminus": [
                        _chart_number(r.estimate.value - r.estimate.ci_low) if ok else None
                        for r, ok in zip(rows, sure, strict=True)
                    ],
                },
            }
        )
    return traces


IQS_CSV_HEADER = ["evaluations", "iqs", "ci95_low", "ci95_high", "too_few"]
# The automatic score, apart and at the end so existing spreadsheets keep their columns.
AQS_CSV_HEADER = ["aqs_interactions", "aqs_automatic", "aqs_ci95_low", "aqs_ci95_high"]


def _csv_safe(text: str) -> str:
    # A cell starting with = + - @ would run as a formula in a spreadsheet (CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def iqs_csv_rows(by: str, rows: list[IqsRow]) -> list[list[Any]]:
    """The IQS report as CSV rows, header first: group, n, IQS and its interval (blank when not computable),
    then the group's AQS (automatic) with its n and interval, in columns of their own."""
    out: list[list[Any]] = [[by, *IQS_CSV_HEADER, *AQS_CSV_HEADER]]
    for row in rows:
        e = row.estimate
        automatic = [0, "", "", ""] if row.aqs is None else [row.aqs.n, *_figures(row.aqs)]
        out.append([_csv_safe(row.label), e.n, *_figures(e), int(e.too_few), *automatic])
    return out


def _figures(e: Estimate) -> list[Any]:
    return ["" if math.isnan(v) else round(v, 2) for v in (e.value, e.ci_low, e.ci_high)]


def scorecard_json(version: ScorecardVersion) -> dict[str, Any]:
    """The version's form in canonical JSON, ready to import elsewhere."""
    return dict(version.form)


# The automatic QA on a page: each answer in words, the evidence turn quoted with the matched words
# marked (the template escapes every part), the original beside an evaluator's override.
@dataclass
class CheckRow:
    answer: AutoAnswer
    label: str
    turn: int | None
    speaker: str = ""
    parts: list[tuple[str, bool]] = field(default_factory=list)  # the evidence turn, marked


@dataclass
class AutoChecksView:
    review: AutoReview
    rows: list[CheckRow]

    def for_check(self, name: str) -> CheckRow | None:
        return next((row for row in self.rows if row.answer.check_name == name), None)


def auto_checks_view(review: AutoReview | None, transcript: list, *, show_text: bool) -> AutoChecksView | None:
    """Rows in the checks' order; the turn's text only when the actor may read the transcript."""
    if review is None:
        return None
    order = {name: i for i, name in enumerate(CHECKS)}
    rows = []
    for answer in sorted(review.answers.all(), key=lambda a: order.get(a.check_name, len(order))):
        row = CheckRow(answer, str(AUTO_CHECKS.get(answer.check_name, answer.check_name)), answer.evidence_turn)
        turn = answer.evidence_turn
        if show_text and turn is not None and 0 <= turn < len(transcript) and isinstance(transcript[turn], dict):
            speaker = str(transcript[turn].get("speaker", ""))
            row.speaker = str(SPEAKERS.get(speaker, speaker))
            row.parts = segments(str(transcript[turn].get("text", "")), answer.matched)
        rows.append(row)
    return AutoChecksView(review, rows)
