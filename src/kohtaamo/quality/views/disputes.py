"""The disputes inbox of QA leads and arbitrators, and the dispute categories."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.auth import workspace_view

from ..forms import DisputeCategoryForm
from ..selectors import disputes as inbox
from ..services import disputes


def _filters(request: HttpRequest) -> inbox.InboxFilter:
    status = request.GET.get("status", "open")
    category = request.GET.get("category", "")
    return inbox.InboxFilter(
        status=status if status in inbox.SHOWN else "open",
        category_id=int(category) if category.isdigit() else None,
        mine=request.GET.get("mine") == "1",
    )


@workspace_view("evaluate")
def dispute_inbox(request: HttpRequest, actor: Actor) -> HttpResponse:
    filters = _filters(request)
    context = {
        "disputes": inbox.disputes_inbox(actor=actor, filters=filters)[:200],
        "filters": filters,
        "categories": inbox.dispute_categories(actor=actor, include_archived=True),
        "category_form": DisputeCategoryForm(actor=actor) if actor.can("manage_scorecards") else None,
    }
    return render(request, "quality/disputes.html", context)


@require_POST
@workspace_view("manage_scorecards")
def dispute_category_add(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = DisputeCategoryForm(request.POST, actor=actor)
    if form.is_valid():
        try:
            disputes.dispute_category_save(
                workspace=actor.workspace, name=form.cleaned_data["name"], arbitrator=form.cleaned_data["arbitrator"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Dispute category added."))
    else:
        messages.error(request, " ".join(f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items()))
    return redirect("quality-disputes", ws=actor.workspace.slug)
