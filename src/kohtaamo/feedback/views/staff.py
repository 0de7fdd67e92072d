"""The CX team's pages: dashboard, key drivers, verbatims, invitations and follow-ups."""

import io
from collections.abc import Iterable, Sequence
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kohtaamo.insights.models import Sentiment
from kohtaamo.insights.selectors.marks import readings_of_answers
from kohtaamo.insights.selectors.taxonomy import topic_labels
from kohtaamo.lib.shortlist import shortlist
from kohtaamo.lib.wellformed import whole_number
from kohtaamo.timeline.selectors import customer_get
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.auth import workspace_view

from ..filters import FilterError, MetricFilters, parse_filters
from ..forms import FollowUpForm
from ..models import FollowUp, Invitation
from ..presenters import (
    BREAKDOWNS,
    METRIC_LABELS,
    delivery_rate_table,
    driver_table,
    figure_table,
    invitations_csv,
    rate_table,
    report_table,
    trend_chart,
    verbatim_table,
    write_csv,
)
from ..selectors.answers import response_answers, verbatim_list
from ..selectors.dashboard import METRICS, dashboard_data, filter_choices, key_driver_report
from ..selectors.followups import follow_up_get, follow_up_list
from ..selectors.invitations import invitation_list, response_rates, response_rates_by_delivery
from ..services.followups import follow_up_record


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    out = io.StringIO()
    write_csv(out, header, rows)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _filters(request: HttpRequest, actor: Actor) -> tuple[MetricFilters, str]:
    try:
        return parse_filters(request.GET, actor.workspace), ""
    except FilterError as error:
        return parse_filters({}, actor.workspace), str(error)


def _choice(request: HttpRequest, name: str, allowed: Iterable[str], default: str) -> str:
    value = request.GET.get(name, default)
    return value if value in allowed else default


@workspace_view("view_feedback")
def dashboard(request: HttpRequest, actor: Actor) -> HttpResponse:
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
        return csv_response("figures.csv", *figure_table(data))
    if export == "response-rates":
        return csv_response("response-rates.csv", *rate_table(response_rates(actor=actor, filters=filters)))
    if export == "response-rates-by-channel":
        rates = response_rates_by_delivery(actor=actor, filters=filters)
        return csv_response("response-rates-by-channel.csv", *delivery_rate_table(rates))
    context = {
        "filters": filters,
        "params": filters.as_params(),
        "error": error,
        "data": data,
        "metric": metric,
        "metric_labels": METRIC_LABELS,
        "breakdown_titles": BREAKDOWNS,
        "shortlists": _agent_shortlist(request, data.breakdowns),
        "chart": trend_chart(data),
        "verbatims": verbatim_list(actor=actor)[:6],
        "rates": response_rates(actor=actor, filters=filters),
        "delivery_rates": response_rates_by_delivery(actor=actor, filters=filters),
        "choices": filter_choices(actor=actor),
    }
    return render(request, "feedback/dashboard.html", context)


@workspace_view("view_feedback")
def drivers(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Key drivers of a metric (loaded into the dashboard after the figures, or exported)."""
    filters, _error = _filters(request, actor)
    metric = _choice(request, "metric", ("nps", "csat"), "nps")
    report = key_driver_report(actor=actor, filters=filters, metric=metric)
    if request.GET.get("export") == "csv" and report.result is not None:
        return csv_response(f"drivers-{metric}.csv", *driver_table(report))
    context = {"report": report, "metric": metric, "params": filters.as_params()}
    return render(request, "feedback/_drivers.html", context)


@workspace_view("view_feedback")
def verbatims(request: HttpRequest, actor: Actor) -> HttpResponse:
    metric = _choice(request, "metric", ("nps", "csat"), "nps")
    low, high = _score_bound(request, "low"), _score_bound(request, "high")
    query = request.GET.get("q", "")
    labels = topic_labels(actor=actor)
    topic = _choice(request, "topic", labels, "")
    sentiment = _choice(request, "sentiment", Sentiment.values, "")
    rows = verbatim_list(actor=actor, query=query, metric=metric, low=low, high=high, topic=topic, sentiment=sentiment)
    if request.GET.get("export") == "csv":
        return csv_response("verbatims.csv", *verbatim_table(rows, metric))
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    marks = readings_of_answers(actor=actor, answers=page.object_list)
    for answer in page.object_list:
        answer.mark = marks.get(answer.pk)
    params = {"q": query, "metric": metric, "low": low if low is not None else "",
              "high": high if high is not None else "", "topic": topic, "sentiment": sentiment}  # fmt: skip
    context = {"page": page, "query": query, "metric": metric, "low": low, "high": high, "topic": topic,
               "sentiment": sentiment, "topics": labels, "sentiments": Sentiment.choices,
               "params": urlencode(params)}  # fmt: skip
    return render(request, "feedback/verbatims.html", context)


def _score_bound(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name, "")
    return whole_number(raw, high=10)


@workspace_view("manage_surveys")
def invitations(request: HttpRequest, actor: Actor) -> HttpResponse:
    status = _choice(request, "status", Invitation.Status.values, "")
    raw_customer = request.GET.get("customer", "")
    customer = customer_get(actor=actor, customer_id=int(raw_customer)) if raw_customer.isdigit() else None
    rows = invitation_list(actor=actor, status=status, customer_id=customer.pk if customer else None)
    if request.GET.get("export") == "csv":
        out = io.StringIO()
        invitations_csv(rows, out)
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="invitations.csv"'
        return response
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    context = {"page": page, "status": status, "statuses": Invitation.Status, "customer": customer}
    return render(request, "feedback/invitations.html", context)


@workspace_view("follow_up")
def follow_ups(request: HttpRequest, actor: Actor) -> HttpResponse:
    status = _choice(request, "status", [*FollowUp.Status.values, "all"], FollowUp.Status.OPEN)
    rows = follow_up_list(actor=actor, status="" if status == "all" else status)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    context = {"page": page, "status": status, "now": timezone.now()}
    return render(request, "feedback/follow_ups.html", context)


def _follow_up_page(
    request: HttpRequest, actor: Actor, follow_up: FollowUp, form: FollowUpForm, status: int
) -> HttpResponse:
    answers = response_answers(actor=actor, responses=[follow_up.response]).get(follow_up.response_id, [])
    context = {"follow_up": follow_up, "answers": answers, "form": form, "now": timezone.now()}
    return render(request, "feedback/follow_up_detail.html", context, status=status)


@workspace_view("follow_up")
def follow_up_detail(request: HttpRequest, actor: Actor, follow_up_id: int) -> HttpResponse:
    follow_up = follow_up_get(actor=actor, follow_up_id=follow_up_id)
    return _follow_up_page(request, actor, follow_up, FollowUpForm(), 200)


@require_POST
@workspace_view("follow_up")
def follow_up_close(request: HttpRequest, actor: Actor, follow_up_id: int) -> HttpResponse:
    follow_up = follow_up_get(actor=actor, follow_up_id=follow_up_id)
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        return _follow_up_page(request, actor, follow_up, form, 422)
    follow_up_record(follow_up=follow_up, user=request.user, **form.cleaned_data)
    messages.success(request, _("The call-back was recorded."))
    return redirect("feedback-follow-ups", ws=actor.workspace.slug)


def _agent_shortlist(request: HttpRequest, breakdowns: dict) -> dict:
    """The per-agent breakdown cut to its best and weakest ten, with a search (lib/shortlist.py)."""
    if "agent" not in breakdowns:
        return {}
    rows = breakdowns["agent"].groups
    return {
        "agent": shortlist(
            rows, label=lambda row: row.label, ranked=lambda row: not row.estimate.too_few, params=request.GET.lists()
        )
    }
