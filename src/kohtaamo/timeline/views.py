from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kohtaamo.privacy.policy import masked_identities, masked_merges
from kohtaamo.privacy.selectors.masking import identifiers_masked_for
from kohtaamo.privacy.services.audit import audit_record
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.auth import workspace_view

from . import selectors
from .extensions import customer_sections, interaction_sections, interactions_marked
from .presenters import masked_kinds_label, transcript_turns
from .services import customer_merge_undo


@workspace_view("view_customers")
def customer_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    query = request.GET.get("q", "")
    page = Paginator(selectors.customer_directory(actor=actor, query=query), 25).get_page(request.GET.get("page"))
    rows = selectors.customer_rows(actor=actor, customers=page.object_list)
    template = "timeline/_customer_rows.html" if request.htmx else "timeline/customer_list.html"
    return render(request, template, {"page": page, "rows": rows, "query": query})


@workspace_view("view_customers")
def customer_detail(request: HttpRequest, actor: Actor, customer_id: int) -> HttpResponse:
    customer = selectors.customer_get(actor=actor, customer_id=customer_id)
    if customer.pk != customer_id:
        return redirect("customer", ws=actor.workspace.slug, customer_id=customer.pk)
    timeline = selectors.customer_timeline(actor=actor, customer=customer)
    interactions_marked(actor, timeline.interactions)
    audit_record(actor=actor, action="customer.view", object_type="customer", object_id=customer.pk, request=request)
    if identifiers_masked_for(actor=actor):
        timeline.identities = masked_identities(timeline.identities)
        timeline.merges = masked_merges(timeline.merges)
    context = {"timeline": timeline, "customer": customer, "sections": customer_sections(actor, customer)}
    return render(request, "timeline/customer_detail.html", context)


@workspace_view("view_customers")
def interaction_detail(request: HttpRequest, actor: Actor, interaction_id: int) -> HttpResponse:
    interaction = selectors.interaction_get(actor=actor, interaction_id=interaction_id)
    evidence = selectors.interaction_evidence(actor=actor, interaction=interaction)
    transcript_allowed = evidence.transcript_allowed
    audit_record(
        actor=actor, action="interaction.view", object_type="interaction", object_id=interaction.pk, request=request,
        detail={
            "customer_id": interaction.customer_id,
            "transcript_lines": len(interaction.transcript) if transcript_allowed else 0,
        },
    )  # fmt: skip
    context = {
        "interaction": interaction,
        "transcript_allowed": transcript_allowed,
        "evidence": evidence,
        "turns": transcript_turns(interaction) if transcript_allowed else [],
        "masked_kinds": masked_kinds_label(interaction.redacted_kinds),
        "interaction_sections": interaction_sections(actor, interaction),
    }
    return render(request, "timeline/interaction_detail.html", context)


@require_POST
@workspace_view("undo_merge")
def merge_undo(request: HttpRequest, actor: Actor, merge_id: int) -> HttpResponse:
    merge = customer_merge_undo(merge=selectors.merge_get(actor=actor, merge_id=merge_id))
    audit_record(
        actor=actor, action="customers.merge_undo", object_type="customer_merge", object_id=merge.pk, request=request,
        detail={"survivor_id": merge.survivor_id, "merged_id": merge.merged_id},
    )  # fmt: skip
    messages.success(request, _("The merge was undone: the two customers are separate again."))
    return redirect("customer", ws=actor.workspace.slug, customer_id=merge.merged_id)


@workspace_view("view_customers")
def interaction_recording(request: HttpRequest, actor: Actor, interaction_id: int) -> HttpResponse:
    """The call's stored audio, for the player on the interaction and evaluation pages (never a public URL)."""
    recording = selectors.recording_get(actor=actor, interaction_id=interaction_id)
    response = HttpResponse(bytes(recording.audio), content_type=recording.content_type)
    response["Content-Disposition"] = f'inline; filename="recording-{interaction_id}.wav"'
    response["Cache-Control"] = "private, max-age=3600"
    return response
