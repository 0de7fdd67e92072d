"""Pages of the journeys app: parse, call a selector or service, render."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.auth import workspace_view

from . import presenters, services
from .forms import (
    ActionForm,
    InsightForm,
    JourneyForm,
    PersonaForm,
    StageForm,
    StatusForm,
    TouchpointForm,
    add_service_errors,
)
from .models import Action
from .quarters import parse_quarter
from .selectors import analytics, catalogue, outcomes, personas
from .targets import METRICS

DAY_CHOICES = (30, 90, 180, 365)


def _manager(actor: Actor) -> None:
    if not actor.can("manage_journeys"):
        raise PermissionDenied


def _days(request: HttpRequest) -> int:
    try:
        days = int(request.GET.get("days", 90))
    except ValueError:
        days = 90
    return days if days in DAY_CHOICES else 90


@workspace_view("view_journeys")
def journey_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = JourneyForm(request.POST or None, actor=actor)
    if request.method == "POST":
        _manager(actor)
        if form.is_valid():
            try:
                journey = services.journey_save(workspace=actor.workspace, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("journeys-map", ws=actor.workspace.slug, journey_id=journey.pk)
    return render(
        request, "journeys/journey_list.html", {"journeys": catalogue.journey_list(actor=actor), "form": form}
    )


@workspace_view("view_journeys")
def journey_map(request: HttpRequest, actor: Actor, journey_id: int) -> HttpResponse:
    days = _days(request)
    overview = analytics.journey_overview(actor=actor, journey_id=journey_id, days=days)
    context = {
        "journey": overview.journey,
        "grid": overview.grid,
        "effort": overview.effort,
        "days": days,
        "stage_form": StageForm(),
        "metric_names": presenters.metric_names(),
    }
    return render(request, "journeys/journey_map.html", context)


@require_POST
@workspace_view("manage_journeys")
def stage_add(request: HttpRequest, actor: Actor, journey_id: int) -> HttpResponse:
    journey = catalogue.journey_get(actor=actor, journey_id=journey_id)
    form = StageForm(request.POST)
    if form.is_valid():
        services.stage_add(journey=journey, name=form.cleaned_data["name"])
    return redirect("journeys-map", ws=actor.workspace.slug, journey_id=journey.pk)


@require_POST
@workspace_view("manage_journeys")
def cell_toggle(request: HttpRequest, actor: Actor, journey_id: int, stage_id: int, touchpoint_id: int) -> HttpResponse:
    place = catalogue.journey_cell(actor=actor, journey_id=journey_id, stage_id=stage_id, touchpoint_id=touchpoint_id)
    cell = services.stage_cell_toggle(stage=place.stage, touchpoint=place.touchpoint)
    if request.htmx:
        context = {"journey": place.journey, "stage": place.stage, "touchpoint": place.touchpoint, "cell": cell}
        return render(request, "journeys/_cell.html", context)
    return redirect("journeys-map", ws=actor.workspace.slug, journey_id=place.journey.pk)


@workspace_view("view_journeys")
def persona_list(request: HttpRequest, actor: Actor, persona_id: int | None = None) -> HttpResponse:
    persona = personas.persona_get(actor=actor, persona_id=persona_id) if persona_id else None
    form = PersonaForm(request.POST or None, initial=presenters.persona_initial(persona))
    if request.method == "POST":
        _manager(actor)
        if form.is_valid():
            try:
                services.persona_save(workspace=actor.workspace, persona=persona, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("journeys-personas", ws=actor.workspace.slug)
    context = {"personas": personas.persona_list(actor=actor), "form": form, "editing": persona}
    return render(request, "journeys/persona_list.html", context)


@workspace_view("view_journeys")
def touchpoint_list(request: HttpRequest, actor: Actor, touchpoint_id: int | None = None) -> HttpResponse:
    touchpoint = catalogue.touchpoint_get(actor=actor, touchpoint_id=touchpoint_id) if touchpoint_id else None
    form = TouchpointForm(request.POST or None, initial=presenters.touchpoint_initial(touchpoint), actor=actor)
    if request.method == "POST":
        _manager(actor)
        if form.is_valid():
            try:
                services.touchpoint_save(workspace=actor.workspace, touchpoint=touchpoint, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("journeys-touchpoints", ws=actor.workspace.slug)
    context = {"touchpoints": catalogue.touchpoint_list(actor=actor), "form": form, "editing": touchpoint}
    return render(request, "journeys/touchpoint_list.html", context)


@workspace_view("view_journeys")
def paths(request: HttpRequest, actor: Actor) -> HttpResponse:
    days, by = _days(request), request.GET.get("by", "case")
    by = by if by in ("case", "customer") else "case"
    collapse = request.GET.get("collapse") == "1"
    reason = request.GET.get("reason", "").strip()
    report = analytics.path_analytics(actor=actor, days=days, by=by, reason=reason, collapse_repeats=collapse)
    context = {
        "report": report, "days": days, "by": by, "collapse": collapse, "reason": reason,
        "day_choices": DAY_CHOICES, "figure": presenters.sankey_figure(report),
        "channel_name": presenters.channel_name,
    }  # fmt: skip
    return render(request, "journeys/paths.html", context)


@workspace_view("view_journeys")
def pain_points(request: HttpRequest, actor: Actor) -> HttpResponse:
    dimension = request.GET.get("by", "reason")
    dimension = dimension if dimension in analytics.DIMENSIONS else "reason"
    days = _days(request)
    overview = analytics.pain_overview(actor=actor, dimension=dimension, days=days)
    context = {
        "ranking": overview.ranking, "dimension": dimension, "days": days, "day_choices": DAY_CHOICES,
        "dimensions": analytics.DIMENSIONS, "names": overview.names,
    }  # fmt: skip
    return render(request, "journeys/pain_points.html", context)


@workspace_view("view_journeys")
def pain_point(request: HttpRequest, actor: Actor, dimension: str, key: str = "") -> HttpResponse:
    if dimension not in analytics.DIMENSIONS:
        raise Http404
    days = _days(request)
    detail = analytics.pain_point_detail(actor=actor, dimension=dimension, key=key, days=days)
    name = presenters.pain_point_title(dimension, key, detail.names, actor.workspace)
    context = {
        "point": detail.point, "name": name, "dimension": dimension, "days": days, "cases": detail.cases,
        **presenters.pain_point_links(dimension, key, name, days),
    }  # fmt: skip
    return render(request, "journeys/pain_point.html", context)


@workspace_view("view_journeys")
def insight_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    initial = {"title": request.GET.get("title", ""), "evidence": request.GET.get("evidence") or "{}"}
    form = InsightForm(request.POST or None, initial=initial, actor=actor)
    if request.method == "POST":
        _manager(actor)
        if form.is_valid():
            data = form.cleaned_data
            services.insight_create(
                workspace=actor.workspace, title=data["title"], finding=data["finding"], evidence=data["evidence"],
                journeys=list(data["journeys"]), touchpoints=list(data["touchpoints"]), created_by=actor.user,
            )  # fmt: skip
            messages.success(request, _("The insight was saved."))
            return redirect("journeys-insights", ws=actor.workspace.slug)
    return render(
        request, "journeys/insight_list.html", {"insights": catalogue.insight_list(actor=actor), "form": form}
    )


@workspace_view("view_journeys")
def action_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    context = {"actions": catalogue.action_list(actor=actor), "metric_names": presenters.metric_names()}
    return render(request, "journeys/action_list.html", context)


@workspace_view("manage_journeys")
def action_create(request: HttpRequest, actor: Actor) -> HttpResponse:
    initial = {key: request.GET.get(key) for key in ("title", "metric", "channel", "contact_reason", "insight")}
    if request.GET.get("persona"):
        initial["persona"] = request.GET["persona"]
    form = ActionForm(request.POST or None, initial=initial, actor=actor)
    if request.method == "POST" and form.is_valid():
        insight_id = form.cleaned_data["insight"]
        insight = catalogue.insight_get(actor=actor, insight_id=insight_id) if insight_id else None
        try:
            action = services.action_create(
                workspace=actor.workspace, created_by=actor.user, insight=insight, **form.action_fields()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("journeys-action", ws=actor.workspace.slug, action_id=action.pk)
    return render(request, "journeys/action_form.html", {"form": form})


@workspace_view("view_journeys")
def action_detail(request: HttpRequest, actor: Actor, action_id: int) -> HttpResponse:
    detail = outcomes.action_detail(actor=actor, action_id=action_id)
    context = {
        "action": detail.action,
        "persona_names": personas.persona_names(actor=actor) if detail.action.metric_filter.get("persona") else {},
        "spec": METRICS[detail.action.metric],
        "result": detail.result,
        "status_form": StatusForm(initial={"status": detail.action.status}),
    }
    return render(request, "journeys/action_detail.html", context)


@require_POST
@workspace_view("manage_journeys")
def action_status(request: HttpRequest, actor: Actor, action_id: int) -> HttpResponse:
    action = catalogue.action_get(actor=actor, action_id=action_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        services.action_set_status(action=action, status=form.cleaned_data["status"])
    return redirect("journeys-action", ws=actor.workspace.slug, action_id=action.pk)


@require_POST
@workspace_view("manage_journeys")
def action_evaluate(request: HttpRequest, actor: Actor, action_id: int) -> HttpResponse:
    action = catalogue.action_get(actor=actor, action_id=action_id)
    try:
        services.action_evaluate(action=action)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("journeys-action", ws=actor.workspace.slug, action_id=action.pk)


@workspace_view("view_journeys")
def roadmap(request: HttpRequest, actor: Actor) -> HttpResponse:
    columns = outcomes.roadmap(actor=actor)
    return render(request, "journeys/roadmap.html", {"columns": columns, "statuses": Action.Status})


@workspace_view("view_journeys")
def cx_review(request: HttpRequest, actor: Actor) -> HttpResponse:
    today = timezone.localdate(timezone.now(), actor.workspace.tz)
    year, quarter = parse_quarter(request.GET.get("quarter"), today)
    context = {
        "rows": outcomes.cx_review(actor=actor, year=year, quarter=quarter),
        "year": year, "quarter": quarter, **presenters.quarter_navigation(year, quarter),
        "metric_names": presenters.metric_names(),
    }  # fmt: skip
    return render(request, "journeys/cx_review.html", context)
