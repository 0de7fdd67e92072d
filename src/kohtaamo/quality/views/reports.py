"""Reports: IQS with intervals (AQS beside it, apart), pass rates, trends, quotas, CSV, QA-to-CX, and the agent page."""

import csv
from datetime import date, timedelta
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language

from kohtaamo.lib.qa.stats import IQS_MIN_N
from kohtaamo.lib.shortlist import SHOWN_AT_EACH_END, shortlist
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.auth import workspace_view

from ..periods import parse_month, period_of
from ..presenters import iqs_csv_rows, trend_chart
from ..selectors import agents, aqs, cx, quotas, reports
from ..selectors.agents import AgentPage


def _month_start(day: date, back: int) -> date:
    for _i in range(back):
        day = (day.replace(day=1) - timedelta(days=1)).replace(day=1)
    return day.replace(day=1)


def report_filter(request: HttpRequest, actor: Actor) -> tuple[reports.ReportFilter, dict[str, Any]]:
    """The report's months, scorecard and team from the query string (defaults: the last six months)."""
    this_month = period_of(actor.workspace, "month").first_day
    first = parse_month(request.GET.get("from")) or _month_start(this_month, 5)
    last = parse_month(request.GET.get("to")) or this_month
    choices = reports.report_choices(
        actor=actor, first=first, last=last, scorecard=request.GET.get("scorecard", ""), team=request.GET.get("team")
    )
    context = {
        "first": first.strftime("%Y-%m"),
        "last": last.strftime("%Y-%m"),
        "scorecards": choices.scorecards,
        "scorecard": choices.filters.scorecard,
        "teams": choices.teams,
        "team": choices.filters.team,
    }
    return choices.filters, context


def _grouping(request: HttpRequest) -> str:
    return request.GET.get("by") if request.GET.get("by") in reports.GROUPINGS else "agent"


@workspace_view("view_quality")
def home(request: HttpRequest, actor: Actor) -> HttpResponse:
    if actor.role == "agent":
        return redirect("quality-mine", ws=actor.workspace.slug)
    return redirect("quality-reports", ws=actor.workspace.slug)


@workspace_view("view_quality")
def report(request: HttpRequest, actor: Actor) -> HttpResponse:
    filters, context = report_filter(request, actor)
    by = _grouping(request)
    page = reports.iqs_page(actor=actor, filters=filters, by=by, language=get_language())
    context |= {
        "by": by,
        "by_label": reports.GROUPINGS[by],
        "groupings": reports.GROUPINGS.items(),
        "overall": page.overall,
        "rows": shortlist(
            aqs.with_aqs(actor=actor, by=by, filters=filters, rows=page.rows),
            label=lambda row: row.label,
            ranked=lambda row: not row.estimate.too_few,
            params=request.GET.lists(),
            n=len(page.rows) if by == "month" else SHOWN_AT_EACH_END,  # months stay in calendar order, all shown
        ),
        "aqs_overall": aqs.aqs_overall(actor=actor, filters=filters),
        "rates": page.rates,
        "worst": page.worst,
        "trend": trend_chart(page.trends, page.names),
        "min_n": IQS_MIN_N,
        "self_overall": page.self_overall,
    }
    return render(request, "quality/report.html", context)


@workspace_view("view_quality")
def report_csv(request: HttpRequest, actor: Actor) -> HttpResponse:
    filters, _context = report_filter(request, actor)
    by = _grouping(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="iqs-by-{by}.csv"'
    rows = aqs.with_aqs(
        actor=actor, by=by, filters=filters, rows=reports.iqs_report(actor=actor, by=by, filters=filters)
    )
    csv.writer(response).writerows(iqs_csv_rows(by, rows))
    return response


@workspace_view("view_quality")
def quota_dashboard(request: HttpRequest, actor: Actor) -> HttpResponse:
    page = quotas.quota_page(actor=actor, month=parse_month(request.GET.get("month")))
    context = {"plan": page.plan, "period": page.period, "rows": page.rows, "teams": page.teams}
    return render(request, "quality/quotas.html", context)


@workspace_view("view_quality")
def qa_to_cx(request: HttpRequest, actor: Actor) -> HttpResponse:
    filters, context = report_filter(request, actor)
    context["questions"] = cx.qa_to_cx(actor=actor, filters=filters, language=get_language())
    return render(request, "quality/cx.html", context)


def agent_page_context(page: AgentPage) -> dict[str, Any]:
    """The agent page's template context (shared by an agent's own page and a lead's view of it)."""
    agent = page.agent
    return {
        "agent": agent,
        "official": page.official,
        "self_evaluations": page.self_evaluations,
        "trend": trend_chart(page.trends, {agent.pk: agent.name}),
        "trend_rows": page.trends.get(agent.pk, []),
        "coaching": page.coaching,
        "own": page.own,
        "scorecards": page.scorecards,
        "recent": page.recent,
        "questions": page.questions,
    }


@workspace_view("view_quality")
def agent_detail(request: HttpRequest, actor: Actor, agent_id: int) -> HttpResponse:
    page = agents.agent_page_of(actor=actor, agent_id=agent_id, language=get_language())
    return render(request, "quality/agent.html", agent_page_context(page))
