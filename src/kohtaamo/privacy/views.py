"""Pages of a person's rights (export, erasure), the audit trail and the retention settings."""

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kohtaamo.timeline.selectors import customer_get
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.auth import workspace_view

from .forms import AuditFilterForm, EraseConfirmForm, RetentionForm
from .presenters import audit_action_label, audit_csv, audit_jsonl, audit_object_label, audit_who
from .selectors.audit import AuditFilters, audit_actions, audit_events
from .selectors.retention import retention_policy_get
from .services.erase import customer_erase
from .services.export import customer_export_hand_out
from .services.retention import retention_apply, retention_policy_set
from .tasks import retention_schedule


@workspace_view("export_personal_data")
def customer_export_download(request: HttpRequest, actor: Actor, customer_id: int) -> HttpResponse:
    """The person's export document as a JSON file download."""
    customer = customer_get(actor=actor, customer_id=customer_id)
    document = customer_export_hand_out(actor=actor, customer=customer, request=request)
    response = HttpResponse(
        json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="customer-{customer.pk}-export.json"'
    return response


@workspace_view("erase_personal_data")
def customer_erase_confirm(request: HttpRequest, actor: Actor, customer_id: int) -> HttpResponse:
    """Ask for confirmation (the customer's number typed), then erase and go back to the customer page."""
    customer = customer_get(actor=actor, customer_id=customer_id)
    form = EraseConfirmForm(request.POST or None, customer_id=customer.pk)
    if request.method == "POST" and form.is_valid():
        customer_erase(actor=actor, customer=customer, request=request)
        messages.success(request, _("The customer's personal data was erased."))
        return redirect("customer", ws=actor.workspace.slug, customer_id=customer.pk)
    return render(request, "privacy/erase_confirm.html", {"customer": customer, "form": form})


@workspace_view("view_audit")
def audit_page(request: HttpRequest, actor: Actor) -> HttpResponseBase:
    """The audit trail with filters; ``?format=csv`` or ``jsonl`` downloads the filtered events."""
    form = AuditFilterForm(request.GET or None)
    filters = AuditFilters(**form.cleaned_data) if form.is_valid() else AuditFilters()
    events = audit_events(actor=actor, filters=filters)
    download = request.GET.get("format")
    if download in ("csv", "jsonl"):
        lines = audit_csv(events.iterator()) if download == "csv" else audit_jsonl(events.iterator())
        content_type = "text/csv; charset=utf-8" if download == "csv" else "application/x-ndjson; charset=utf-8"
        response = StreamingHttpResponse(lines, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="audit-{actor.workspace.slug}.{download}"'
        return response
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    rows = [(event, audit_who(event), audit_action_label(event.action), audit_object_label(event)) for event in page]
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "actions": [(action, audit_action_label(action)) for action in audit_actions(actor=actor)],
        "query": query.urlencode(),
    }
    return render(request, "privacy/audit.html", context)


@workspace_view("manage_privacy")
def privacy_settings(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Retention limits and masking; the page shows what the next run would empty (a dry run)."""
    form = RetentionForm(request.POST or None, instance=retention_policy_get(actor=actor))
    if request.method == "POST" and form.is_valid():
        retention_policy_set(actor=actor, **form.cleaned_data)
        retention_schedule(workspace_id=actor.workspace.pk)
        messages.success(request, _("Privacy settings saved."))
        return redirect("privacy-settings", ws=actor.workspace.slug)
    preview = retention_apply(workspace=actor.workspace, dry_run=True)
    return render(request, "privacy/settings.html", {"form": form, "preview": preview})
