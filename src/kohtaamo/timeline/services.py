"""Writes on customers: merging two customers into one, and undoing it."""

from django.db import transaction
from django.utils import timezone

from .models import Case, Customer, CustomerIdentity, CustomerMerge, Interaction

PROFILE_FIELDS = ("name", "language", "postal_code", "preferred_channel")


@transaction.atomic
def customer_merge(*, survivor_id: int, merged_id: int, reason: str) -> CustomerMerge:
    """Move everything of ``merged`` to ``survivor``, remembering exactly what moved so it can be undone."""
    survivor = Customer.objects.select_for_update().get(pk=survivor_id)
    merged = Customer.objects.select_for_update().get(pk=merged_id, workspace_id=survivor.workspace_id)
    moved = {}
    for model in (CustomerIdentity, Interaction, Case):
        rows = model.objects.filter(customer_id=merged_id)
        moved[model] = list(rows.values_list("id", flat=True))
        rows.update(customer_id=survivor_id)
    for name in PROFILE_FIELDS:
        if not getattr(survivor, name):
            setattr(survivor, name, getattr(merged, name))
    survivor.attributes = {**merged.attributes, **survivor.attributes}
    survivor.consent = {**merged.consent, **survivor.consent}
    survivor.save(update_fields=[*PROFILE_FIELDS, "attributes", "consent", "updated_at"])
    Customer.objects.filter(pk=merged_id).update(merged_into=survivor, updated_at=timezone.now())
    return CustomerMerge.objects.create(
        workspace_id=survivor.workspace_id,
        survivor=survivor,
        merged=merged,
        reason=reason[:500],
        moved_identity_ids=moved[CustomerIdentity],
        moved_interaction_ids=moved[Interaction],
        moved_case_ids=moved[Case],
    )


@transaction.atomic
def customer_merge_undo(*, merge: CustomerMerge) -> CustomerMerge:
    """Give the merged customer back what moved (rows that still sit with the survivor)."""
    if merge.undone_at is not None:
        return merge
    for model, ids in (
        (CustomerIdentity, merge.moved_identity_ids),
        (Interaction, merge.moved_interaction_ids),
        (Case, merge.moved_case_ids),
    ):
        model.objects.filter(id__in=ids, customer_id=merge.survivor_id).update(customer_id=merge.merged_id)
    Customer.objects.filter(pk=merge.merged_id).update(merged_into=None, updated_at=timezone.now())
    merge.undone_at = timezone.now()
    merge.save(update_fields=["undone_at"])
    return merge
