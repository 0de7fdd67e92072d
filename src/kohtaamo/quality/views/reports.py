"""Reports: IQS with intervals, pass rates, trends, quotas, CSV, QA-to-CX, and the agent page."""

import csv
import math
from datetime import date, timedelta

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language

from kohtaamo.lib.qa.stats import IQS_MIN_N
from kohtaamo.timeline.models import Interaction
from kohtaamo.workspaces.auth import workspace_view

from ..models import Evaluation, Scorecard
from ..periods import parse_month, period_of
from ..selectors import coaching, cx, quotas, reports, scope
from ..services.sampling import quality_plan_get


def _month_start(day: date, back: int) -> date:
    for _i in range(back):
        day = (day.replace(day=1) - timedelta(days=1)).replace(day=1)
    return day.replace(day=1)


def report_filter(request, actor) -> tuple[reports.ReportFilter, dict]:
    """The report's months, scorecard and team from the query string (defaults: the last six months)."""
    this_month = period_of(actor.workspace, "month").first_day
    first = parse_month(request.GET.get("from")) or _month_start(this_month, 5)
    last = parse_month(request.GET.get("to")) or this_month
    scorecards = list(Scorecard.objects.filter(workspace=actor.workspace))
    plan = quality_plan_get(workspace=actor.workspace)
    chosen = request.GET.get("scorecard", "")
    scorecard = next((s for s in scorecards if str(s.pk) == chosen), None)
    if scorecard is None and chosen != "all":
        scorecard = plan.scorecard or (scorecards[0] if scorecards else None)
    overseen = scope.teams_overseen(actor)
    teams = list(actor.workspace.teams.all() if overseen is None else overseen)
    team = next((t for t in teams if str(t.pk) == request.GET.get("team")), None)
    filters = reports.ReportFilter(
        start=period_of(actor.workspace, "month", first).start,
        end=period_of(actor.workspace, "month", last).end,
        scorecard=scorecard,
        team=team,
    )
    context = {
        "first": first.strftime("%Y-%m"),
        "last": last.strftime("%Y-%m"),
        "scorecards": scorecards,
        "scorecard": scorecard,
        "teams": teams,
        "team": team,
    }
    return filters, context


def _chart_number(value: float) -> float | None:
    return None if value is None or math.isnan(value) else round(value, 1)


SHOWN_TRENDS = 5  # more lines than this are drawn hidden (toggle them in the legend): 40 lines are a tangle


def trend_chart(trends: dict, names: dict) -> list[dict]:
    """Plotly traces: one line per agent, the 95 % interval as error bars."""
    traces = []
    for index, (agent_id, rows) in enumerate(trends.items()):
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
                "error_y": {
                    "type": "data",
                    "symmetric": False,
                    "array": [_chart_number(r.estimate.ci_high - r.estimate.value) for r in rows],
                    "arrayminus": [_chart_number(r.estimate.value - r.estimate.ci_low) for r in rows],
                },
            }
        )
    return traces


@workspace_view("view_quality")
def home(request, actor):
    if actor.role == "agent":
        return redirect("quality-mine", ws=actor.workspace.slug)
    return redirect("quality-reports", ws=actor.workspace.slug)


@workspace_view("view_quality")
def report(request, actor):
    filters, context = report_filter(request, actor)
    by = request.GET.get("by") if request.GET.get("by") in reports.GROUPINGS else "agent"
    language = get_language()
    agents = scope.agents_visible(actor)
    if filters.team is not None:
        agents = agents.filter(team=filters.team)
    trends = reports.agent_trends(actor=actor, agents=agents, filters=filters)
    names = dict(agents.values_list("pk", "name"))
    context |= {
        "by": by,
        "by_label": reports.GROUPINGS[by],
        "groupings": reports.GROUPINGS.items(),
        "overall": reports.iqs_overall(actor=actor, filters=filters),
        "rows": reports.iqs_report(actor=actor, by=by, filters=filters),
        "rates": reports.pass_rates(actor=actor, filters=filters, language=language),
        "worst": reports.worst_questions_by_team(actor=actor, filters=filters, language=language),
        "trend": trend_chart(trends, names),
        "min_n": IQS_MIN_N,
        "self_overall": reports.iqs_overall(actor=actor, filters=filters, kind=Evaluation.Kind.SELF),
    }
    return render(request, "quality/report.html", context)


@workspace_view("view_quality")
def report_csv(request, actor):
    filters, _context = report_filter(request, actor)
    by = request.GET.get("by") if request.GET.get("by") in reports.GROUPINGS else "agent"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="iqs-by-{by}.csv"'
    writer = csv.writer(response)
    writer.writerow([by, "evaluations", "iqs", "ci95_low", "ci95_high", "too_few"])
    for row in reports.iqs_report(actor=actor, by=by, filters=filters):
        e = row.estimate
        figures = ["" if math.isnan(v) else round(v, 2) for v in (e.value, e.ci_low, e.ci_high)]
        writer.writerow([_csv_safe(row.label), e.n, *figures, int(e.too_few)])
    return response


def _csv_safe(text: str) -> str:
    # A cell starting with = + - @ would run as a formula in a spreadsheet (CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


@workspace_view("view_quality")
def quota_dashboard(request, actor):
    plan = quality_plan_get(workspace=actor.workspace)
    day = parse_month(request.GET.get("month")) if plan.period == "month" else None
    period = period_of(actor.workspace, plan.period, day)
    rows, teams = quotas.quota_board(actor=actor, plan=plan, period=period)
    context = {"plan": plan, "period": period, "rows": rows, "teams": teams}
    return render(request, "quality/quotas.html", context)


@workspace_view("view_quality")
def qa_to_cx(request, actor):
    filters, context = report_filter(request, actor)
    context["questions"] = cx.qa_to_cx(actor=actor, filters=filters, language=get_language())
    return render(request, "quality/cx.html", context)


def agent_page_context(request, actor, agent) -> dict:
    visible = scope.evaluations_visible(actor).filter(agent=agent).select_related("version__scorecard", "evaluator")
    visible = visible.order_by("-interaction_at")
    trends = reports.agent_trends(actor=actor, agents=[agent])
    sessions = list(coaching.coaching_sessions(actor=actor).filter(agent=agent))
    own = scope.is_own_agent(actor, agent)
    context = {
        "agent": agent,
        "official": visible.filter(kind=Evaluation.Kind.OFFICIAL).exclude(status=Evaluation.Status.DRAFT)[:100],
        "self_evaluations": visible.filter(kind=Evaluation.Kind.SELF)[:100],
        "trend": trend_chart(trends, {agent.pk: agent.name}),
        "trend_rows": trends.get(agent.pk, []),
        "coaching": [(s, coaching.coaching_progress(actor=actor, session=s)) for s in sessions],
        "own": own,
        "scorecards": Scorecard.objects.filter(workspace=actor.workspace, archived=False),
    }
    if own:
        context["recent"] = Interaction.objects.filter(workspace=actor.workspace, agent=agent).order_by("-started_at")[
            :15
        ]
    if actor.can("coach") and not own:
        context["questions"] = reports.question_texts(
            quality_plan_get(workspace=actor.workspace).scorecard, get_language()
        )
    return context


@workspace_view("view_quality")
def agent_detail(request, actor, agent_id: int):
    agent = scope.agent_get(actor=actor, agent_id=agent_id)
    return render(request, "quality/agent.html", agent_page_context(request, actor, agent))
