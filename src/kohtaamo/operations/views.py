"""Operations pages: KPI dashboard, forecasts, staffing plans and scenario comparison. Thin: parse, call, render."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kohtaamo.timeline.models import Channel
from kohtaamo.workspaces.auth import workspace_view

from . import charts, services
from .forms import (
    EventForm,
    ForecastBuildForm,
    KpiFilterForm,
    PlanForm,
    ScenarioForm,
    SettingsForm,
    ShiftForm,
    ShiftImportForm,
)
from .models import DEFAULT_SERVICE_LEVELS
from .selectors import planning
from .selectors.backlog import backlog
from .selectors.kpis import case_kpis, kpi_heatmap, kpi_table, operations_settings


def _today(actor):
    return timezone.now().astimezone(actor.workspace.tz).date()


@workspace_view("view_operations")
def dashboard(request, actor):
    today = _today(actor)
    initial = {
        "start": today - timedelta(days=28),
        "end": today - timedelta(days=1),
        "grain": "day",
        "by": "total",
        "channel": "phone",
    }
    form = KpiFilterForm(request.GET or None, initial=initial)
    params = form.cleaned_data if form.is_valid() else initial
    start, end = params["start"], params["end"] + timedelta(days=1)
    channel = params.get("channel") or None
    table = kpi_table(actor=actor, start=start, end=end, grain=params["grain"], by=params["by"], channel=channel)
    heat = kpi_heatmap(actor=actor, start=start, end=end, channel=channel or "phone")
    case_grain = params["grain"] if params["grain"] in ("day", "week", "month") else "day"
    cases = case_kpis(actor=actor, start=start, end=end, grain=case_grain)
    waiting = backlog(actor=actor, start=start, end=end, grain="day", now=timezone.now())
    context = {
        "form": form if form.is_bound else KpiFilterForm(initial=initial),
        "table": table,
        "rows": charts.kpi_rows(table),
        "chart_data": charts.dashboard_data(table, heat, cases, waiting),
        "waiting": waiting,
        "heat_channel": dict(Channel.choices).get(channel or "phone"),
    }
    return render(request, "operations/dashboard.html", context)


@workspace_view("view_operations")
def forecast_list(request, actor):
    forecasts = planning.forecast_list(actor=actor)
    build = ForecastBuildForm(initial={"start": _today(actor), "days": 28, "interval_minutes": 30})
    event_form = EventForm(workspace=actor.workspace)
    context = {
        "forecasts": forecasts,
        "build_form": build,
        "event_form": event_form,
        "events": planning.event_list(actor=actor),
    }
    return render(request, "operations/forecast_list.html", context)


@require_POST
@workspace_view("plan_staffing")
def forecast_build(request, actor):
    form = ForecastBuildForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the forecast period."))
        return redirect("operations-forecasts", ws=actor.workspace.slug)
    built, skipped = services.forecasts_build(
        workspace=actor.workspace,
        start=form.cleaned_data["start"],
        days=form.cleaned_data["days"],
        interval_minutes=form.cleaned_data["interval_minutes"],
        created_by=request.user,
    )
    messages.success(
        request,
        _("Forecasts built: %(built)d. Queues and channels with too little history: %(skipped)d.")
        % {"built": len(built), "skipped": len(skipped)},
    )
    return redirect("operations-forecasts", ws=actor.workspace.slug)


@require_POST
@workspace_view("plan_staffing")
def event_create(request, actor):
    form = EventForm(request.POST, workspace=actor.workspace)
    if form.is_valid():
        services.event_create(workspace=actor.workspace, **form.cleaned_data)
        messages.success(request, _("Event saved. Build the forecasts again to apply it."))
    else:
        messages.error(request, _("Check the event: %(errors)s") % {"errors": form.errors.as_text()})
    return redirect("operations-forecasts", ws=actor.workspace.slug)


@workspace_view("view_operations")
def forecast_detail(request, actor, forecast_id: int):
    forecast = planning.forecast_get(actor=actor, forecast_id=forecast_id)
    comparison = charts.forecast_comparison(actor, forecast, now=timezone.now())
    return render(request, "operations/forecast_detail.html", {"forecast": forecast, **comparison})


@workspace_view("view_operations")
def plan_list(request, actor):
    today = _today(actor)
    initial = {
        "start_date": today,
        "end_date": today + timedelta(days=27),
        "interval_minutes": 30,
        "sl_target": 0.8,
        "sl_seconds": 20,
        "max_occupancy": 0.85,
        "chat_concurrency": 2,
        "email_deadline_days": 1,
    }
    context = {"plans": planning.plan_list(actor=actor), "form": PlanForm(initial=initial)}
    return render(request, "operations/plan_list.html", context)


@require_POST
@workspace_view("plan_staffing")
def plan_create(request, actor):
    form = PlanForm(request.POST)
    if not form.is_valid():
        context = {"plans": planning.plan_list(actor=actor), "form": form}
        return render(request, "operations/plan_list.html", context, status=400)
    data = dict(form.cleaned_data)
    shrinkage = data.pop("shrinkage_percent") / 100
    plan = services.plan_create(workspace=actor.workspace, shrinkage={"total": shrinkage}, **data)
    return redirect("operations-plan", ws=actor.workspace.slug, plan_id=plan.pk)


@workspace_view("view_operations")
def plan_detail(request, actor, plan_id: int):
    plan = planning.plan_get(actor=actor, plan_id=plan_id)
    result = planning.plan_result(actor=actor, plan=plan)
    day = charts.chosen_day(request.GET.get("day"), plan)
    context = {
        "plan": plan,
        "summary": result.summary(),
        "day": day,
        "days": charts.plan_days(plan),
        "interval_rows": charts.interval_rows(result, actor.workspace.tz, day),
        "team_names": sorted(result.planned_by_team),
        "chart_data": charts.plan_data(result, actor.workspace.tz),
        "shifts": plan.shifts.select_related("team", "queue"),
        "shift_form": ShiftForm(workspace=actor.workspace),
        "import_form": ShiftImportForm(),
        "scenario_form": ScenarioForm(
            initial={"name": _("%(plan)s: storm +30 %%") % {"plan": plan.name}, "volume_percent": 30}
        ),
        "scenarios": plan.scenarios.all(),
    }
    return render(request, "operations/plan_detail.html", context)


@require_POST
@workspace_view("plan_staffing")
def shift_create(request, actor, plan_id: int):
    plan = planning.plan_get(actor=actor, plan_id=plan_id)
    form = ShiftForm(request.POST, workspace=actor.workspace)
    if form.is_valid():
        services.shift_create(plan=plan, **form.cleaned_data)
        messages.success(request, _("Shift added."))
    else:
        messages.error(request, _("Check the shift: %(errors)s") % {"errors": form.errors.as_text()})
    return redirect("operations-plan", ws=actor.workspace.slug, plan_id=plan.pk)


@require_POST
@workspace_view("plan_staffing")
def shift_delete(request, actor, shift_id: int):
    shift = planning.shift_get(actor=actor, shift_id=shift_id)
    services.shift_delete(shift=shift)
    return redirect("operations-plan", ws=actor.workspace.slug, plan_id=shift.plan_id)


@require_POST
@workspace_view("plan_staffing")
def shift_import(request, actor, plan_id: int):
    plan = planning.plan_get(actor=actor, plan_id=plan_id)
    form = ShiftImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a CSV file."))
        return redirect("operations-plan", ws=actor.workspace.slug, plan_id=plan.pk)
    try:
        text = form.cleaned_data["file"].read().decode("utf-8")
    except UnicodeDecodeError:
        messages.error(request, _("The file is not UTF-8 text."))
        return redirect("operations-plan", ws=actor.workspace.slug, plan_id=plan.pk)
    result = services.shifts_import(plan=plan, text=text)
    messages.success(
        request,
        _("Shifts imported: %(created)d. Rows rejected: %(rejected)d.")
        % {"created": result.created, "rejected": result.rejected_rows},
    )
    for problem in result.rejected[:20]:
        messages.error(request, _("Line %(line)s, %(field)s: %(message)s") % problem)
    return redirect("operations-plan", ws=actor.workspace.slug, plan_id=plan.pk)


@require_POST
@workspace_view("plan_staffing")
def scenario_create(request, actor, plan_id: int):
    plan = planning.plan_get(actor=actor, plan_id=plan_id)
    form = ScenarioForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the scenario: %(errors)s") % {"errors": form.errors.as_text()})
        return redirect("operations-plan", ws=actor.workspace.slug, plan_id=plan.pk)
    scenario = services.scenario_create(plan=plan, name=form.cleaned_data["name"], **form.changes(plan))
    url = reverse("operations-compare", kwargs={"ws": actor.workspace.slug})
    return redirect(f"{url}?plans={plan.pk}&plans={scenario.pk}")


@require_POST
@workspace_view("plan_staffing")
def plan_delete(request, actor, plan_id: int):
    services.plan_delete(plan=planning.plan_get(actor=actor, plan_id=plan_id))
    messages.success(request, _("Plan deleted."))
    return redirect("operations-plans", ws=actor.workspace.slug)


@workspace_view("view_operations")
def compare(request, actor):
    ids = [int(v) for v in request.GET.getlist("plans") if v.isdigit()][:4]
    plans = [planning.plan_get(actor=actor, plan_id=i) for i in ids]
    results = [planning.plan_result(actor=actor, plan=p) for p in plans]
    context = {
        "columns": [(p, r.summary()) for p, r in zip(plans, results, strict=True)],
        "chart_data": charts.compare_data(plans, results, actor.workspace.tz),
        "all_plans": planning.plan_list(actor=actor),
        "chosen": ids,
    }
    return render(request, "operations/compare.html", context)


@workspace_view("view_operations")
def settings_page(request, actor):
    current = operations_settings(actor.workspace)
    channels = [(c, label) for c, label in Channel.choices if c in DEFAULT_SERVICE_LEVELS]
    initial = {"short_abandon_seconds": current.short_abandon_seconds}
    for c, _label in channels:
        target, seconds = current.service_level(c)
        initial[f"sl_{c}_target"], initial[f"sl_{c}_seconds"] = round(target * 100, 1), int(seconds)
    form = SettingsForm(request.POST or None, initial=initial, channels=channels)
    if request.method == "POST":
        if not actor.can("plan_staffing"):
            raise PermissionDenied
        if form.is_valid():
            services.operations_settings_update(
                workspace=actor.workspace,
                short_abandon_seconds=form.cleaned_data["short_abandon_seconds"],
                service_levels=form.service_levels(),
            )
            messages.success(request, _("Settings saved."))
            return redirect("operations-settings", ws=actor.workspace.slug)
    return render(request, "operations/settings.html", {"form": form})
