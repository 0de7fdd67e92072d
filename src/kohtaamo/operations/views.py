"""Operations pages: KPI dashboard, forecasts, staffing plans and scenario comparison. Thin: parse, call, render."""

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kohtaamo.lib.wellformed import whole_number
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.auth import workspace_view

from . import presenters, services
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
from .selectors import planning
from .selectors.accuracy import forecast_accuracy
from .selectors.kpis import kpi_dashboard, operations_settings


def _today(actor: Actor) -> date:
    return timezone.now().astimezone(actor.workspace.tz).date()


@workspace_view("view_operations")
def dashboard(request: HttpRequest, actor: Actor) -> HttpResponse:
    today = _today(actor)
    initial = {
        "start": today - timedelta(days=28),
        "end": today - timedelta(days=1),
        "grain": "day",
        "by": "total",
        "channel": "phone",
    }
    # A link may set some filters only (?by=agent, the agent search): the others keep their defaults.
    form = KpiFilterForm({**{k: str(v) for k, v in initial.items()}, **request.GET.dict()} if request.GET else None)
    params = form.cleaned_data if form.is_valid() else initial
    figures = kpi_dashboard(
        actor=actor,
        start=params["start"],
        end=params["end"] + timedelta(days=1),
        grain=params["grain"],
        by=params["by"],
        channel=params.get("channel") or None,
        now=timezone.now(),
    )
    context = {
        "form": form if form.is_bound else KpiFilterForm(initial=initial),
        **presenters.dashboard_page(figures, request.GET.lists()),
    }
    return render(request, "operations/dashboard.html", context)


@workspace_view("view_operations")
def forecast_list(request: HttpRequest, actor: Actor) -> HttpResponse:
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
def forecast_build(request: HttpRequest, actor: Actor) -> HttpResponse:
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
def event_create(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = EventForm(request.POST, workspace=actor.workspace)
    if form.is_valid():
        services.event_create(workspace=actor.workspace, **form.cleaned_data)
        messages.success(request, _("Event saved. Build the forecasts again to apply it."))
    else:
        messages.error(request, _("Check the event: %(errors)s") % {"errors": form.errors.as_text()})
    return redirect("operations-forecasts", ws=actor.workspace.slug)


@workspace_view("view_operations")
def forecast_detail(request: HttpRequest, actor: Actor, forecast_id: int) -> HttpResponse:
    forecast = planning.forecast_get(actor=actor, forecast_id=forecast_id)
    accuracy = forecast_accuracy(actor=actor, forecast=forecast, now=timezone.now())
    context = {"forecast": forecast, **presenters.forecast_chart(accuracy, actor.workspace.tz)}
    return render(request, "operations/forecast_detail.html", context)


@workspace_view("view_operations")
def plan_list(request: HttpRequest, actor: Actor) -> HttpResponse:
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
def plan_create(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = PlanForm(request.POST)
    if not form.is_valid():
        context = {"plans": planning.plan_list(actor=actor), "form": form}
        return render(request, "operations/plan_list.html", context, status=400)
    plan = services.plan_create(workspace=actor.workspace, **form.plan_fields())
    return redirect("operations-plan", ws=actor.workspace.slug, plan_id=plan.pk)


@workspace_view("view_operations")
def plan_detail(request: HttpRequest, actor: Actor, plan_id: int) -> HttpResponse:
    plan = planning.plan_get(actor=actor, plan_id=plan_id)
    result = planning.plan_result(actor=actor, plan=plan)
    context = {
        "plan": plan,
        **presenters.plan_page(plan, result, actor.workspace.tz, request.GET.get("day")),
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
def shift_create(request: HttpRequest, actor: Actor, plan_id: int) -> HttpResponse:
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
def shift_delete(request: HttpRequest, actor: Actor, shift_id: int) -> HttpResponse:
    shift = planning.shift_get(actor=actor, shift_id=shift_id)
    services.shift_delete(shift=shift)
    return redirect("operations-plan", ws=actor.workspace.slug, plan_id=shift.plan_id)


@require_POST
@workspace_view("plan_staffing")
def shift_import(request: HttpRequest, actor: Actor, plan_id: int) -> HttpResponse:
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
def scenario_create(request: HttpRequest, actor: Actor, plan_id: int) -> HttpResponse:
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
def plan_delete(request: HttpRequest, actor: Actor, plan_id: int) -> HttpResponse:
    services.plan_delete(plan=planning.plan_get(actor=actor, plan_id=plan_id))
    messages.success(request, _("Plan deleted."))
    return redirect("operations-plans", ws=actor.workspace.slug)


@workspace_view("view_operations")
def compare(request: HttpRequest, actor: Actor) -> HttpResponse:
    ids = [n for n in map(whole_number, request.GET.getlist("plans")) if n is not None][:4]
    compared = planning.plans_compared(actor=actor, plan_ids=ids)
    context = {
        **presenters.compare_page(compared, actor.workspace.tz),
        "all_plans": planning.plan_list(actor=actor),
        "chosen": ids,
    }
    return render(request, "operations/compare.html", context)


@workspace_view("view_operations")
def settings_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    channels = presenters.service_level_channels()
    initial = presenters.settings_initial(operations_settings(actor=actor), channels)
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
