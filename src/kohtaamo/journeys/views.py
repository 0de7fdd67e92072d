"""Pages of the journeys app: parse, call a selector or service, render."""

import contextlib
import json
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kohtaamo.workspaces.auth import workspace_view

from . import selectors, services
from .charts import channel_name, sankey_figure
from .forms import ActionForm, InsightForm, JourneyForm, PersonaForm, StageForm, StatusForm, TouchpointForm
from .measure import follow_up_json
from .metrics import METRICS
from .models import Action, Stage
from .personas import rules_text

DAY_CHOICES = (30, 90, 180, 365)


def _manager(actor) -> None:
    if not actor.can("manage_journeys"):
        raise PermissionDenied


def _days(request) -> int:
    try:
        days = int(request.GET.get("days", 90))
    except ValueError:
        days = 90
    return days if days in DAY_CHOICES else 90


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@workspace_view("view_journeys")
def journey_list(request, actor):
    form = JourneyForm(request.POST or None, workspace=actor.workspace)
    if request.method == "POST":
        _manager(actor)
        if form.is_valid():
            try:
                journey = services.journey_save(workspace=actor.workspace, **form.cleaned_data)
            except ValidationError as error:
                _form_errors(form, error)
            else:
                return redirect("journeys-map", ws=actor.workspace.slug, journey_id=journey.pk)
    return render(
        request, "journeys/journey_list.html", {"journeys": selectors.journey_list(actor=actor), "form": form}
    )


@workspace_view("view_journeys")
def journey_map(request, actor, journey_id: int):
    journey = selectors.journey_get(actor=actor, journey_id=journey_id)
    days = _days(request)
    context = {
        "journey": journey,
        "grid": selectors.journey_grid(actor=actor, journey=journey),
        "effort": selectors.journey_effort(actor=actor, journey=journey, days=days),
        "days": days,
        "stage_form": StageForm(),
        "metric_names": {key: spec.label for key, spec in METRICS.items()},
    }
    return render(request, "journeys/journey_map.html", context)


@require_POST
@workspace_view("manage_journeys")
def stage_add(request, actor, journey_id: int):
    journey = selectors.journey_get(actor=actor, journey_id=journey_id)
    form = StageForm(request.POST)
    if form.is_valid():
        services.stage_add(journey=journey, name=form.cleaned_data["name"])
    return redirect("journeys-map", ws=actor.workspace.slug, journey_id=journey.pk)


@require_POST
@workspace_view("manage_journeys")
def cell_toggle(request, actor, journey_id: int, stage_id: int, touchpoint_id: int):
    journey = selectors.journey_get(actor=actor, journey_id=journey_id)
    stage = Stage.objects.filter(journey=journey, pk=stage_id).first()
    if stage is None:
        raise Http404
    touchpoint = selectors.touchpoint_get(actor=actor, touchpoint_id=touchpoint_id)
    cell = services.stage_cell_toggle(stage=stage, touchpoint=touchpoint)
    if request.htmx:
        context = {"journey": journey, "stage": stage, "touchpoint": touchpoint, "cell": cell}
        return render(request, "journeys/_cell.html", context)
    return redirect("journeys-map", ws=actor.workspace.slug, journey_id=journey.pk)


@workspace_view("view_journeys")
def persona_list(request, actor, persona_id: int | None = None):
    persona = selectors.persona_get(actor=actor, persona_id=persona_id) if persona_id else None
    initial = (
        {"name": persona.name, "description": persona.description, "rules": rules_text(persona.rules)}
        if persona
        else None
    )
    form = PersonaForm(request.POST or None, initial=initial)
    if request.method == "POST":
        _manager(actor)
        if form.is_valid():
            try:
                services.persona_save(workspace=actor.workspace, persona=persona, **form.cleaned_data)
            except ValidationError as error:
                _form_errors(form, error)
            else:
                return redirect("journeys-personas", ws=actor.workspace.slug)
    context = {
        "personas": selectors.persona_list(actor=actor),
        "form": form,
        "editing": persona,
        "rules_text": rules_text,
    }
    return render(request, "journeys/persona_list.html", context)


@workspace_view("view_journeys")
def touchpoint_list(request, actor, touchpoint_id: int | None = None):
    touchpoint = selectors.touchpoint_get(actor=actor, touchpoint_id=touchpoint_id) if touchpoint_id else None
    initial = None
    if touchpoint:
        initial = {
            f: getattr(touchpoint, f) for f in ("name", "channel", "purpose", "kind", "contact_reasons", "owner")
        }
    form = TouchpointForm(request.POST or None, initial=initial, workspace=actor.workspace)
    if request.method == "POST":
        _manager(actor)
        if form.is_valid():
            try:
                services.touchpoint_save(workspace=actor.workspace, touchpoint=touchpoint, **form.cleaned_data)
            except ValidationError as error:
                _form_errors(form, error)
            else:
                return redirect("journeys-touchpoints", ws=actor.workspace.slug)
    context = {"touchpoints": selectors.touchpoint_list(actor=actor), "form": form, "editing": touchpoint}
    return render(request, "journeys/touchpoint_list.html", context)


@workspace_view("view_journeys")
def paths(request, actor):
    days, by = _days(request), request.GET.get("by", "case")
    by = by if by in ("case", "customer") else "case"
    collapse = request.GET.get("collapse") == "1"
    reason = request.GET.get("reason", "").strip()
    where = selectors.analysis_filter(actor=actor, reason=reason)
    report = selectors.path_analytics(actor=actor, days=days, by=by, where=where, collapse_repeats=collapse)
    context = {
        "report": report, "days": days, "by": by, "collapse": collapse, "reason": reason,
        "day_choices": DAY_CHOICES, "figure": sankey_figure(report), "channel_name": channel_name,
    }  # fmt: skip
    return render(request, "journeys/paths.html", context)


def _group_names(actor, dimension: str) -> dict[str, str]:
    if dimension == "persona":
        return {str(p.pk): p.name for p, _n in selectors.persona_list(actor=actor)}
    if dimension == "touchpoint":
        return {str(t.pk): t.name for t in selectors.touchpoint_list(actor=actor)}
    if dimension == "channel":
        return {}
    return {"": _("(no reason)")}


@workspace_view("view_journeys")
def pain_points(request, actor):
    dimension = request.GET.get("by", "reason")
    dimension = dimension if dimension in selectors.DIMENSIONS else "reason"
    days = _days(request)
    ranking = selectors.pain_points(actor=actor, dimension=dimension, days=days)
    names = _group_names(actor, dimension)
    context = {
        "ranking": ranking, "dimension": dimension, "days": days, "day_choices": DAY_CHOICES,
        "dimensions": selectors.DIMENSIONS, "names": names,
    }  # fmt: skip
    return render(request, "journeys/pain_points.html", context)


@workspace_view("view_journeys")
def pain_point(request, actor, dimension: str, key: str = ""):
    if dimension not in selectors.DIMENSIONS:
        raise Http404
    days = _days(request)
    ranking = selectors.pain_points(actor=actor, dimension=dimension, days=days)
    point = next((p for p in (*ranking.ranked, *ranking.too_few) if p.key == key), None)
    if point is None:
        raise Http404
    name = _group_names(actor, dimension).get(key) or (channel_name(key) if dimension == "channel" else key)
    evidence = {"view": "pain", "dimension": dimension, "key": key, "days": days}
    action_filter = (
        {"channel": key} if dimension == "channel" else {"contact_reason": key} if dimension == "reason" else {}
    )
    if dimension == "persona":
        action_filter = {"persona": key}
    context = {
        "point": point, "name": name, "dimension": dimension, "days": days,
        "cases": selectors.pain_point_examples(actor=actor, dimension=dimension, key=key, days=days),
        "insight_query": urlencode({"title": name, "evidence": _json(evidence)}),
        "action_query": urlencode({"title": name, "metric": "repeat_rate", **action_filter}),
    }  # fmt: skip
    return render(request, "journeys/pain_point.html", context)


def _json(data: dict) -> str:
    return json.dumps(data, sort_keys=True)


@workspace_view("view_journeys")
def insight_list(request, actor):
    initial = {"title": request.GET.get("title", ""), "evidence": request.GET.get("evidence") or "{}"}
    form = InsightForm(request.POST or None, initial=initial, workspace=actor.workspace)
    if request.method == "POST":
        _manager(actor)
        if form.is_valid():
            data = form.cleaned_data
            services.insight_create(
                workspace=actor.workspace, title=data["title"], finding=data["finding"],
                evidence=data["evidence"] if isinstance(data["evidence"], dict) else {},
                journeys=list(data["journeys"]), touchpoints=list(data["touchpoints"]), created_by=request.user,
            )  # fmt: skip
            messages.success(request, _("The insight was saved."))
            return redirect("journeys-insights", ws=actor.workspace.slug)
    return render(
        request, "journeys/insight_list.html", {"insights": selectors.insight_list(actor=actor), "form": form}
    )


@workspace_view("view_journeys")
def action_list(request, actor):
    context = {"actions": selectors.action_list(actor=actor), "metric_names": _metric_names()}
    return render(request, "journeys/action_list.html", context)


def _metric_names() -> dict:
    return {key: spec.label for key, spec in METRICS.items()}


@workspace_view("manage_journeys")
def action_create(request, actor):
    initial = {key: request.GET.get(key) for key in ("title", "metric", "channel", "contact_reason", "insight")}
    if request.GET.get("persona"):
        initial["persona"] = request.GET["persona"]
    form = ActionForm(request.POST or None, initial=initial, workspace=actor.workspace)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        insight = selectors.insight_get(actor=actor, insight_id=data["insight"]) if data["insight"] else None
        fields = {k: data[k] for k in ("title", "hypothesis", "owner", "journey", "metric", "target_value",
                                       "target_date", "impact", "confidence", "effort")}  # fmt: skip
        try:
            action = services.action_create(
                workspace=actor.workspace, created_by=request.user, insight=insight,
                metric_filter=form.metric_filter(), **fields,
            )  # fmt: skip
        except ValidationError as error:
            _form_errors(form, error)
        else:
            return redirect("journeys-action", ws=actor.workspace.slug, action_id=action.pk)
    return render(request, "journeys/action_form.html", {"form": form})


@workspace_view("view_journeys")
def action_detail(request, actor, action_id: int):
    action = selectors.action_get(actor=actor, action_id=action_id)
    live = None if action.evaluation else selectors.follow_up(actor=actor, action=action)
    context = {
        "action": action,
        "spec": METRICS[action.metric],
        "result": action.evaluation or (follow_up_json(live) if live else None),
        "status_form": StatusForm(initial={"status": action.status}),
    }
    return render(request, "journeys/action_detail.html", context)


@require_POST
@workspace_view("manage_journeys")
def action_status(request, actor, action_id: int):
    action = selectors.action_get(actor=actor, action_id=action_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        services.action_set_status(action=action, status=form.cleaned_data["status"])
    return redirect("journeys-action", ws=actor.workspace.slug, action_id=action.pk)


@require_POST
@workspace_view("manage_journeys")
def action_evaluate(request, actor, action_id: int):
    action = selectors.action_get(actor=actor, action_id=action_id)
    try:
        services.action_evaluate(action=action)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("journeys-action", ws=actor.workspace.slug, action_id=action.pk)


@workspace_view("view_journeys")
def roadmap(request, actor):
    columns = selectors.roadmap(actor=actor)
    return render(request, "journeys/roadmap.html", {"columns": columns, "statuses": Action.Status})


@workspace_view("view_journeys")
def cx_review(request, actor):
    today = timezone.localdate(timezone.now(), actor.workspace.tz)
    year, quarter = selectors.quarter_of(today)
    with contextlib.suppress(ValueError):
        year, quarter = (int(part) for part in request.GET.get("quarter", f"{year}-{quarter}").split("-"))
    if not 1 <= quarter <= 4 or not 2000 <= year <= 2100:
        year, quarter = selectors.quarter_of(today)
    previous = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    following = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    context = {
        "rows": selectors.cx_review(actor=actor, year=year, quarter=quarter),
        "year": year, "quarter": quarter,
        "previous": "{}-{}".format(*previous), "following": "{}-{}".format(*following),
        "metric_names": _metric_names(),
    }  # fmt: skip
    return render(request, "journeys/cx_review.html", context)
