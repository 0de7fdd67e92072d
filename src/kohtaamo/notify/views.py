from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kohtaamo.notify.forms import (
    ChannelConfigForm,
    IncidentChangeForm,
    IncidentDeclareForm,
    NotifyPolicyForm,
    add_payload_errors,
)
from kohtaamo.notify.incoming import IncidentInvalid
from kohtaamo.notify.models import ChannelConfig, Delivery, NotifyChannel
from kohtaamo.notify.selectors import incidents as selectors
from kohtaamo.notify.selectors.deflection import incident_deflection
from kohtaamo.notify.selectors.preview import incident_preview
from kohtaamo.notify.services.channels import channel_config_set, notify_policy_set
from kohtaamo.notify.services.deliveries import delivery_retry
from kohtaamo.notify.services.incidents import incident_receive
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.auth import workspace_view


@workspace_view("view_incidents")
def incident_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    status = request.GET.get("status", "")
    incidents = selectors.incident_list(actor=actor, status=status)[:200]
    return render(request, "notify/incident_list.html", {"incidents": incidents, "status": status})


@workspace_view("manage_incidents")
def incident_declare(request: HttpRequest, actor: Actor) -> HttpResponse:
    with timezone.override(actor.workspace.tz):
        form = IncidentDeclareForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                received = incident_receive(workspace=actor.workspace, payload=form.payload(), source="ui",
                                            by=request.user)  # fmt: skip
            except IncidentInvalid as invalid:
                add_payload_errors(form, invalid.errors)
            else:
                messages.success(request, _("The incident was declared and its messages are on their way."))
                return redirect("notify-incident", ws=actor.workspace.slug, incident_id=received.incident.pk)
    return render(request, "notify/incident_declare.html", {"form": form})


@require_POST
@workspace_view("manage_incidents")
def incident_preview_view(request: HttpRequest, actor: Actor, incident_id: int | None = None) -> HttpResponse:
    """The messages the form would send, in every language, and how many customers it reaches."""
    incident = selectors.incident_get(actor=actor, incident_id=incident_id) if incident_id else None
    with timezone.override(actor.workspace.tz):
        form = (IncidentChangeForm if incident else IncidentDeclareForm)(request.POST)
        if not form.is_valid():
            return render(request, "notify/_preview.html", {"form_errors": form.errors})
        payload = form.payload(incident.external_id) if incident else form.payload()
    try:
        preview = incident_preview(actor=actor, payload=payload, existing=incident)
    except IncidentInvalid as invalid:
        return render(request, "notify/_preview.html", {"errors": invalid.errors})
    return render(request, "notify/_preview.html", {"preview": preview})


@workspace_view("view_incidents")
def incident_detail(request: HttpRequest, actor: Actor, incident_id: int) -> HttpResponse:
    incident = selectors.incident_get(actor=actor, incident_id=incident_id)
    with timezone.override(actor.workspace.tz):
        form = IncidentChangeForm(initial={"status": incident.status, "eta": incident.eta, "notify": True})
    context = {
        "incident": incident,
        "updates": selectors.incident_updates(actor=actor, incident=incident),
        "progress": selectors.incident_progress(actor=actor, incident=incident),
        "deflection": incident_deflection(actor=actor, incident=incident),
        "dead": selectors.dead_letters(actor=actor, incident=incident)[:50],
        "form": form,
    }
    return render(request, "notify/incident_detail.html", context)


@workspace_view("view_incidents")
def incident_progress(request: HttpRequest, actor: Actor, incident_id: int) -> HttpResponse:
    incident = selectors.incident_get(actor=actor, incident_id=incident_id)
    progress = selectors.incident_progress(actor=actor, incident=incident)
    return render(request, "notify/_progress.html", {"incident": incident, "progress": progress})


@require_POST
@workspace_view("manage_incidents")
def incident_change(request: HttpRequest, actor: Actor, incident_id: int) -> HttpResponse:
    incident = selectors.incident_get(actor=actor, incident_id=incident_id)
    with timezone.override(actor.workspace.tz):
        form = IncidentChangeForm(request.POST)
        if form.is_valid():
            try:
                received = incident_receive(workspace=actor.workspace, payload=form.payload(incident.external_id),
                                            source="ui", by=request.user)  # fmt: skip
            except IncidentInvalid as invalid:
                add_payload_errors(form, invalid.errors)
            else:
                if received.update is None:
                    messages.info(request, _("Nothing changed, so nobody was notified."))
                else:
                    messages.success(request, _("The update was saved."))
                return redirect("notify-incident", ws=actor.workspace.slug, incident_id=incident.pk)
    for error in form.errors.values():
        messages.error(request, " ".join(error))
    return redirect("notify-incident", ws=actor.workspace.slug, incident_id=incident.pk)


@workspace_view("view_incidents")
def incident_report(request: HttpRequest, actor: Actor) -> HttpResponse:
    incidents = selectors.incident_list(actor=actor)[:50]
    rows = [incident_deflection(actor=actor, incident=incident) for incident in incidents]
    return render(request, "notify/incident_report.html", {"rows": rows})


@workspace_view("manage_incidents")
def message_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Every message the outbox holds, with its text: what customers received (or will), per channel."""
    channel, status = request.GET.get("channel", ""), request.GET.get("status", "")
    # A page at a time: one outage is thousands of messages, and the page was 27,000 px of them.
    page = Paginator(selectors.deliveries_recent(actor=actor, channel=channel, status=status), 25)
    page = page.get_page(request.GET.get("page"))
    params = urlencode({k: v for k, v in (("channel", channel), ("status", status)) if v})
    context = {"rows": page, "page": page, "params": params, "channel": channel, "status": status,
               "channels": NotifyChannel.choices, "statuses": Delivery.Status.choices}  # fmt: skip
    return render(request, "notify/messages.html", context)


@workspace_view("manage_incidents")
def dead_letter_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    rows = selectors.dead_letters(actor=actor)[:200]
    return render(request, "notify/dead_letters.html", {"rows": rows})


@require_POST
@workspace_view("manage_incidents")
def delivery_retry_view(request: HttpRequest, actor: Actor, delivery_id: int) -> HttpResponse:
    delivery = delivery_retry(delivery=selectors.delivery_get(actor=actor, delivery_id=delivery_id))
    messages.success(request, _("The message is queued again."))
    if delivery.incident_id is None:
        return redirect("notify-dead-letters", ws=actor.workspace.slug)
    return redirect("notify-incident", ws=actor.workspace.slug, incident_id=delivery.incident_id)


@workspace_view("manage_incidents")
def notify_settings(request: HttpRequest, actor: Actor) -> HttpResponse:
    configs = {c.channel: c for c in selectors.channel_configs(actor=actor)}
    policy = selectors.notify_policy_get(actor=actor)
    channel = request.POST.get("channel", "")
    forms = {
        name: ChannelConfigForm(
            request.POST if channel == name else None,
            instance=configs.get(name) or ChannelConfig(workspace=actor.workspace, channel=name),
            prefix=name,
        )
        for name in NotifyChannel.values
        if name != NotifyChannel.EVENTS  # sent to each subscription's own URL (the webhooks page)
    }
    policy_form = NotifyPolicyForm(request.POST if channel == "policy" else None, instance=policy, prefix="policy")
    if request.method == "POST":
        form = policy_form if channel == "policy" else forms.get(channel)
        if form is not None and form.is_valid():
            if form is policy_form:
                notify_policy_set(workspace=actor.workspace, changed_by=actor.user, **form.cleaned_data)
            else:
                channel_config_set(workspace=actor.workspace, channel=channel, changed_by=actor.user, **form.changes())
            messages.success(request, _("Settings saved."))
            return redirect("notify-settings", ws=actor.workspace.slug)
    context = {"forms": [(NotifyChannel(name).label, name, form) for name, form in forms.items()],
               "policy_form": policy_form}  # fmt: skip
    return render(request, "notify/settings.html", context)
