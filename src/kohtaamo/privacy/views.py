"""Pages of a person's rights (export, erasure), the audit trail and the retention settings."""

import json

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kohtaamo.timeline.selectors import customer_get
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.auth import workspace_view

from .forms import EraseConfirmForm
from .services.erase import customer_erase
from .services.export import customer_export_hand_out


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
