"""Writes on customers: merging two customers into one, and undoing it."""

from django.db import transaction
from django.utils import timezone

from .models import Case, Customer, CustomerIdentity, CustomerMerge, Interaction


@transaction.atomic
def customer_merge(*, survivor_id: int, merged_id: int, reason: str) -> CustomerMerge:
    """Move everything of ``merged`` to ``survivor``, remembering exactly what moved so it can be undone."""
    survivor = Customer.objects.select_for_update().get(pk=survivor_id)
    merged = Customer.objects.select_for_update().get(pk=merged_id, workspace_id=survivor.workspace_id)
    identity_ids = list(CustomerIdentity.objects.filter(customer=merged).values_list("id", flat=True))
    interaction_ids = list(Interaction.objects.filter(customer=merged).values_list("id", flat=True))
    case_ids = list(Case.objects.filter(customer=merged).values_list("id", flat=True))
    CustomerIdentity.objects.filter(id__in=identity_ids).update(customer=survivor)
    Interaction.objects.filter(id__in=interaction_ids).update(customer=survivor)
    Case.objects.filter(id__in=case_ids).update(customer=survivor)
    for name in ("name", "language", "postal_code", "preferred_channel"):
        if not getattr(survivor, name):
            setattr(survivor, name, getattr(merged, name))
    survivor.attributes = {**merged.attributes, **survivor.attributes}
    survivor.consent = {**merged.consent, **survivor.consent}
    survivor.save()
    merged.merged_into = survivor
    merged.save(update_fields=["merged_into", "updated_at"])
    return CustomerMerge.objects.create(
        workspace_id=survivor.workspace_id,
        survivor=survivor,
        merged=merged,
        reason=reason[:500],
        moved_identity_ids=identity_ids,
        moved_interaction_ids=interaction_ids,
        moved_case_ids=case_ids,
    )


@transaction.atomic
def customer_merge_undo(*, merge: CustomerMerge) -> CustomerMerge:
    """Give the merged customer back what moved (rows that still sit with the survivor)."""
    if merge.undone_at is not None:
        return merge
    moved_back = {"customer_id": merge.merged_id}
    on_survivor = {"customer_id": merge.survivor_id}
    CustomerIdentity.objects.filter(id__in=merge.moved_identity_ids, **on_survivor).update(**moved_back)
    Interaction.objects.filter(id__in=merge.moved_interaction_ids, **on_survivor).update(**moved_back)
    Case.objects.filter(id__in=merge.moved_case_ids, **on_survivor).update(**moved_back)
    Customer.objects.filter(pk=merge.merged_id).update(merged_into=None, updated_at=timezone.now())
    merge.undone_at = timezone.now()
    merge.save(update_fields=["undone_at"])
    return merge
