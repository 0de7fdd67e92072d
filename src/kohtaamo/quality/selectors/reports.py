"""IQS (internal quality score) reports: per agent, team, queue, channel, month or form version.

Everything is aggregated in SQL — ``(n, Σx, Σx²)`` per group — and turned into a mean with a
95 % Student t interval by ``kohtaamo.lib.qa.stats``, so a report over 100,000 evaluations
stays well under a second.  Only official, submitted evaluations count: drafts, self- and
calibration evaluations never do.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, F, Max, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from kohtaamo.lib.cxmetrics import Estimate, proportion_estimate
from kohtaamo.lib.qa.form_json import load_form
from kohtaamo.lib.qa.forms import localise
from kohtaamo.lib.qa.stats import IQS_MIN_N, mean_from_sums
from kohtaamo.timeline.models import Channel
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.models import Agent, Queue, Team

from ..models import Evaluation, QuestionScore, Scorecard, ScorecardVersion
from ..periods import period_of
from .plan import quality_plan
from .scope import agents_visible, scored, teams_overseen

GROUPINGS = {
    "agent": _("Agent"),
    "team": _("Team"),
    "queue": _("Queue"),
    "channel": _("Channel"),
    "month": _("Month"),
    "version": _("Form version"),
}


@dataclass(frozen=True)
class IqsRow:
    key: object
    label: str
    estimate: Estimate
    aqs: Estimate | None = None  # the group's automatic score, shown beside and never mixed in (selectors.aqs)


@dataclass(frozen=True)
class ReportFilter:
    """What a report covers: a time range (of the interactions) and optionally one scorecard."""

    start: datetime | None = None
    end: datetime | None = None
    scorecard: Scorecard | None = None
    team: Team | None = None

    def apply(self, evaluations: QuerySet[Evaluation]) -> QuerySet[Evaluation]:
        if self.start is not None:
            evaluations = evaluations.filter(interaction_at__gte=self.start)
        if self.end is not None:
            evaluations = evaluations.filter(interaction_at__lt=self.end)
        if self.scorecard is not None:
            evaluations = evaluations.filter(version__scorecard=self.scorecard)
        if self.team is not None:
            evaluations = evaluations.filter(team=self.team)
        return evaluations


@dataclass(frozen=True)
class ReportChoices:
    filters: ReportFilter
    scorecards: list[Scorecard]  # what the actor may choose from
    teams: list[Team]


def report_choices(*, actor: Actor, first: date, last: date, scorecard: str, team: str | None) -> ReportChoices:
    """The filter for months ``first`` to ``last``, the chosen scorecard and team, among those the actor may choose.

    No scorecard chosen: the plan's (else the first one); ``"all"``: every scorecard.
    """
    scorecards = list(Scorecard.objects.of(actor))
    chosen = next((s for s in scorecards if str(s.pk) == scorecard), None)
    if chosen is None and scorecard != "all":
        chosen = quality_plan(actor=actor).scorecard or (scorecards[0] if scorecards else None)
    overseen = teams_overseen(actor)
    teams = list(Team.objects.of(actor) if overseen is None else overseen)
    filters = ReportFilter(
        start=period_of(actor.workspace, "month", first).start,
        end=period_of(actor.workspace, "month", last).end,
        scorecard=chosen,
        team=next((t for t in teams if str(t.pk) == team), None),
    )
    return ReportChoices(filters, scorecards, teams)


def _group_field(by: str) -> F:
    return F({"agent": "agent_id", "team": "team_id", "queue": "queue_id", "channel": "channel", "month": "month",
              "version": "version_id"}[by])  # fmt: skip


def _labels(actor: Actor, by: str, keys: list) -> dict:
    model = {"agent": Agent, "team": Team, "queue": Queue}.get(by)
    if model is not None:
        return dict(model.objects.of(actor).filter(pk__in=keys).values_list("pk", "name"))
    if by == "channel":
        return dict(Channel.choices)
    if by == "version":
        versions = ScorecardVersion.objects.of(actor).filter(pk__in=keys).select_related("scorecard")
        return {v.pk: str(v) for v in versions}
    return {k: k.strftime("%Y-%m") for k in keys if k is not None}


SUMS = {"n": Count("pk"), "s": Sum("total"), "ss": Sum(F("total") * F("total")), "top": Max("total")}


def _estimate(row: dict) -> Estimate:
    # Scores stay within 0–100 unless a form lets bonus points lift them higher; so does the interval.
    top = max(100.0, row["top"] or 0.0)
    return mean_from_sums(row["n"], row["s"] or 0.0, row["ss"] or 0.0, min_n=IQS_MIN_N, bounds=(0.0, top))


def iqs_report(*, actor: Actor, by: str, filters: ReportFilter = ReportFilter()) -> list[IqsRow]:
    """IQS per group with n and a 95 % t interval, groups with enough evaluations ranked best first."""
    evaluations = filters.apply(scored(actor))
    rows = list(evaluations.annotate(group=_group_field(by)).values("group").annotate(**SUMS).order_by())
    labels = _labels(actor, by, [row["group"] for row in rows])
    out = [IqsRow(row["group"], str(labels.get(row["group"], "–")), _estimate(row)) for row in rows]
    if by == "month":
        return sorted(out, key=lambda r: r.label)
    return sorted(out, key=lambda r: (r.estimate.too_few, -r.estimate.value, r.label))


def iqs_overall(
    *, actor: Actor, filters: ReportFilter = ReportFilter(), kind: str = Evaluation.Kind.OFFICIAL
) -> Estimate:
    """One IQS over everything the filter covers (self-evaluations with ``kind="self"``, shown apart)."""
    return _estimate(filters.apply(scored(actor, kind=kind)).aggregate(**SUMS))


def agent_trends(
    *, actor: Actor, agents: QuerySet[Agent] | list[Agent], filters: ReportFilter = ReportFilter()
) -> dict[int, list[IqsRow]]:
    """Month-by-month IQS of each given agent (only months with evaluations)."""
    evaluations = filters.apply(scored(actor)).filter(agent__in=agents)
    rows = evaluations.values("agent_id", "month").annotate(**SUMS).order_by("agent_id", "month")
    trends: dict[int, list[IqsRow]] = {}
    for row in rows:
        trends.setdefault(row["agent_id"], []).append(
            IqsRow(row["month"], row["month"].strftime("%Y-%m"), _estimate(row))
        )
    return trends


@dataclass(frozen=True)
class QuestionRate:
    question_id: str
    text: str
    section: str
    answered: int
    not_applicable: int
    rate: Estimate  # pass rate in percent with a Wilson interval


def question_texts(scorecard: Scorecard | None, language: str) -> dict[str, tuple[str, str]]:
    """question id → (question text, section title) from the scorecard's newest version."""
    if scorecard is None:
        return {}
    form = load_form(scorecard.current.form)
    return {q.id: (localise(q.text, language), localise(s.title, language)) for s, q in form.questions()}


def _rates(question_scores: QuerySet[QuestionScore], extra: tuple[str, ...] = ()) -> QuerySet:
    return (
        question_scores.values("question_id", *extra)
        .annotate(
            answered=Count("pk", filter=Q(score__isnull=False)),
            passed=Count("pk", filter=Q(passed=True)),
            na=Count("pk", filter=Q(score__isnull=True)),
        )
        .order_by()
    )


def pass_rates(*, actor: Actor, filters: ReportFilter, language: str) -> list[QuestionRate]:
    """Per-question pass rates (score ≥ 50, see docs/quality-scoring.md), in form order."""
    texts = question_texts(filters.scorecard, language)
    rows = _rates(QuestionScore.objects.of(actor).filter(evaluation__in=filters.apply(scored(actor))))
    order = {qid: i for i, qid in enumerate(texts)}
    out = [
        QuestionRate(
            r["question_id"],
            texts.get(r["question_id"], (r["question_id"], ""))[0],
            texts.get(r["question_id"], ("", ""))[1],
            r["answered"],
            r["na"],
            proportion_estimate(r["passed"], r["answered"], min_n=IQS_MIN_N),
        )
        for r in rows
    ]
    return sorted(out, key=lambda r: (order.get(r.question_id, len(order)), r.question_id))


def worst_questions_by_team(
    *, actor: Actor, filters: ReportFilter, language: str, per_team: int = 3
) -> list[tuple[str, list[QuestionRate]]]:
    """Each team's lowest pass rates among questions answered at least IQS_MIN_N times: coaching focus."""
    texts = question_texts(filters.scorecard, language)
    scores = QuestionScore.objects.of(actor).filter(evaluation__in=filters.apply(scored(actor)))
    rows = _rates(scores, ("evaluation__team_id",))
    names = dict(Team.objects.of(actor).values_list("pk", "name"))
    by_team: dict[str, list[QuestionRate]] = {}
    for r in rows:
        if r["answered"] < IQS_MIN_N or r["evaluation__team_id"] is None:
            continue
        text, section = texts.get(r["question_id"], (r["question_id"], ""))
        rate = proportion_estimate(r["passed"], r["answered"], min_n=IQS_MIN_N)
        team = names.get(r["evaluation__team_id"], "–")
        by_team.setdefault(team, []).append(QuestionRate(r["question_id"], text, section, r["answered"], r["na"], rate))
    return [(team, sorted(rates, key=lambda r: r.rate.value)[:per_team]) for team, rates in sorted(by_team.items())]


@dataclass(frozen=True)
class IqsPage:
    overall: Estimate
    self_overall: Estimate  # self-evaluations, shown apart
    rows: list[IqsRow]
    rates: list[QuestionRate]
    worst: list[tuple[str, list[QuestionRate]]]
    trends: dict[int, list[IqsRow]]
    names: dict[int, str]  # agent id → name, for the trend lines


def iqs_page(*, actor: Actor, filters: ReportFilter, by: str, language: str) -> IqsPage:
    """Everything the report page shows: IQS overall and per group, pass rates, coaching focus, agents' trends."""
    agents = agents_visible(actor)
    if filters.team is not None:
        agents = agents.filter(team=filters.team)
    return IqsPage(
        overall=iqs_overall(actor=actor, filters=filters),
        self_overall=iqs_overall(actor=actor, filters=filters, kind=Evaluation.Kind.SELF),
        rows=iqs_report(actor=actor, by=by, filters=filters),
        rates=pass_rates(actor=actor, filters=filters, language=language),
        worst=worst_questions_by_team(actor=actor, filters=filters, language=language),
        trends=agent_trends(actor=actor, agents=agents, filters=filters),
        names=dict(agents.values_list("pk", "name")),
    )
