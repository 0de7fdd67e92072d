"""The CX team's pages: dashboard, key drivers, verbatims, invitations and follow-ups."""

import io
import math

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kohtaamo.timeline.models import Channel
from kohtaamo.workspaces.auth import workspace_view
from kohtaamo.workspaces.models import Agent, Queue, Team

from .. import selectors
from ..dashboard import BREAKDOWNS, METRIC_LABELS, METRICS, dashboard_data, key_driver_report, report_table
from ..exports import invitations_csv, write_csv
from ..filters import FilterError, parse_filters
from ..forms import FollowUpForm
from ..metrics import HEADLINE
from ..models import FollowUp, Invitation
from ..services.followups import follow_up_record


def csv_response(filename: str, header, rows) -> HttpResponse:
    out = io.StringIO()
    write_csv(out, header, rows)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _filters(request, actor):
    try:
        return parse_filters(request.GET, actor.workspace), ""
    except FilterError as error:
        return parse_filters({}, actor.workspace), str(error)


def _choice(request, name: str, allowed, default: str) -> str:
    value = request.GET.get(name, default)
    return value if value in allowed else default


def _trend_chart(dashboard) -> dict:
    """Weekly series with CI bands for the Plotly chart (weeks with no answers are simply absent)."""
    series = {}
    for metric, report in dashboard.trends.items():
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


@workspace_view("view_feedback")
def dashboard(request, actor):
    filters, error = _filters(request, actor)
    metric = _choice(request, "metric", METRICS, "nps")
    data = dashboard_data(actor=actor, filters=filters, breakdown_metric=metric)
    export = request.GET.get("export", "")
    if export.startswith("trend-") and export.removeprefix("trend-") in METRICS:
        header, rows = report_table(data.trends[export.removeprefix("trend-")], _("Week"))
        return csv_response(f"{export}.csv", header, rows)
    if export in data.breakdowns:
        header, rows = report_table(data.breakdowns[export], BREAKDOWNS[export])
        return csv_response(f"{metric}-by-{export}.csv", header, rows)
    if export == "figures":
        return csv_response("figures.csv", *_figure_table(data))
    if export == "response-rates":
        return csv_response("response-rates.csv", *_rate_table(selectors.response_rates(actor=actor, filters=filters)))
    context = {
        "filters": filters,
        "params": filters.as_params(),
        "error": error,
        "data": data,
        "metric": metric,
        "metric_labels": METRIC_LABELS,
        "breakdown_titles": BREAKDOWNS,
        "chart": _trend_chart(data),
        "verbatims": selectors.verbatim_list(actor=actor)[:6],
        "rates": selectors.response_rates(actor=actor, filters=filters),
        "choices": _filter_choices(actor),
    }
    return render(request, "feedback/dashboard.html", context)


def _figure_table(data):
    header = ["figure", "value", "ci_low", "ci_high", "n", "too_few"]
    rows = []
    for metric, report in data.figures.items():
        for name, estimate in ((HEADLINE[metric], report.overall), (None, report.secondary)):
            if estimate is None:
                continue
            label = str(name) if name else f"{metric}_secondary"
            rows.append([label, *_numbers(estimate)])
    return header, rows


def _numbers(estimate) -> list:
    def rounded(value):
        return "" if math.isnan(value) else round(value, 1)

    return [rounded(estimate.value), rounded(estimate.ci_low), rounded(estimate.ci_high), estimate.n, estimate.too_few]


def _rate_table(rates):
    header = ["trigger", "sent", "answered", "rate_percent", "ci_low", "ci_high"]
    return header, [[r["trigger"], r["sent"], r["answered"], *_numbers(r["rate"])[:3]] for r in rates]


def _filter_choices(actor) -> dict:
    workspace = actor.workspace
    return {
        "channels": Channel.choices,
        "teams": Team.objects.filter(workspace=workspace).values_list("pk", "name"),
        "queues": Queue.objects.filter(workspace=workspace).values_list("pk", "name"),
        "agents": Agent.objects.filter(workspace=workspace).values_list("pk", "name") if actor.role != "agent" else [],
    }


@workspace_view("view_feedback")
def drivers(request, actor):
    """Key drivers of a metric (loaded into the dashboard after the figures, or exported)."""
    filters, _error = _filters(request, actor)
    metric = _choice(request, "metric", ("nps", "csat"), "nps")
    report = key_driver_report(actor=actor, filters=filters, metric=metric)
    if request.GET.get("export") == "csv" and report.result is not None:
        rows = [[d.name, round(d.importance, 4), round(d.share * 100, 1), d.sign] for d in report.result.drivers]
        return csv_response(f"drivers-{metric}.csv", ["driver", "importance_r2", "share_percent", "sign"], rows)
    context = {"report": report, "metric": metric, "params": filters.as_params()}
    return render(request, "feedback/_drivers.html", context)


@workspace_view("view_feedback")
def verbatims(request, actor):
    metric = _choice(request, "metric", ("nps", "csat"), "nps")
    low, high = _score_bound(request, "low"), _score_bound(request, "high")
    query = request.GET.get("q", "")
    rows = selectors.verbatim_list(actor=actor, query=query, metric=metric, low=low, high=high)
    if request.GET.get("export") == "csv":
        data = ([v.answered_at.isoformat(), v.score, v.channel, v.agent.name if v.agent else "", v.text] for v in rows)
        return csv_response("verbatims.csv", ["answered_at", f"{metric}_score", "channel", "agent", "text"], data)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    context = {"page": page, "query": query, "metric": metric, "low": low, "high": high}
    return render(request, "feedback/verbatims.html", context)


def _score_bound(request, name: str) -> int | None:
    raw = request.GET.get(name, "")
    return int(raw) if raw.isdigit() and int(raw) <= 10 else None


@workspace_view("manage_surveys")
def invitations(request, actor):
    status = _choice(request, "status", Invitation.Status.values, "")
    rows = selectors.invitation_list(actor=actor, status=status)
    if request.GET.get("export") == "csv":
        out = io.StringIO()
        invitations_csv(rows, out)
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="invitations.csv"'
        return response
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "feedback/invitations.html", {"page": page, "status": status, "statuses": Invitation.Status})


@workspace_view("follow_up")
def follow_ups(request, actor):
    status = _choice(request, "status", [*FollowUp.Status.values, "all"], FollowUp.Status.OPEN)
    rows = selectors.follow_up_list(actor=actor, status="" if status == "all" else status)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    context = {"page": page, "status": status, "now": timezone.now()}
    return render(request, "feedback/follow_ups.html", context)


@workspace_view("follow_up")
def follow_up_detail(request, actor, follow_up_id: int):
    follow_up = selectors.follow_up_get(actor=actor, follow_up_id=follow_up_id)
    answers = selectors.response_answers([follow_up.response]).get(follow_up.response_id, [])
    context = {"follow_up": follow_up, "answers": answers, "form": FollowUpForm(), "now": timezone.now()}
    return render(request, "feedback/follow_up_detail.html", context)


@require_POST
@workspace_view("follow_up")
def follow_up_close(request, actor, follow_up_id: int):
    follow_up = selectors.follow_up_get(actor=actor, follow_up_id=follow_up_id)
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        answers = selectors.response_answers([follow_up.response]).get(follow_up.response_id, [])
        context = {"follow_up": follow_up, "answers": answers, "form": form, "now": timezone.now()}
        return render(request, "feedback/follow_up_detail.html", context, status=422)
    follow_up_record(follow_up=follow_up, user=request.user, **form.cleaned_data)
    messages.success(request, _("The call-back was recorded."))
    return redirect("feedback-follow-ups", ws=actor.workspace.slug)
