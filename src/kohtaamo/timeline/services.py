"""Writes on customers: merging two customers into one, and undoing it."""

from django.db import transaction
from django.utils import timezone

from .models import Case, Customer, CustomerIdentity, CustomerMerge, Interaction

PROFILE_FIELDS = ("name", "language", "postal_code", "preferred_channel")


@transaction.atomic
def customers_merge(*, workspace_id: int, merges: list[tuple[int, int, str]]) -> list[CustomerMerge]:
    """Merge customers: each ``(survivor, merged, reason)`` moves everything of ``merged`` to its survivor.

    Done for a whole import batch at once (ingestion finds a few merges per thousand records, and one
    round of queries per merge would dominate the import). Chains are followed: if A merged into B and B
    into C, A's history goes straight to C. Every merge remembers exactly what moved, so it can be undone.
    """
    if not merges:
        return []
    final = {merged: survivor for survivor, merged, _ in merges}

    def target(customer_id: int) -> int:
        seen = set()
        while customer_id in final and customer_id not in seen:
            seen.add(customer_id)
            customer_id = final[customer_id]
        return customer_id

    merged_ids = list(final)
    moved: dict[type, dict[int, list[int]]] = {}
    for model in (CustomerIdentity, Interaction, Case):
        by_customer: dict[int, list[int]] = {}
        # By customer only: the customers are the workspace's already, and naming the workspace too lets
        # SQLite pick a workspace-wide index and scan every row of it, once per merge batch.
        rows = model.objects.filter(customer_id__in=merged_ids)
        for pk, customer_id in rows.values_list("id", "customer_id"):
            by_customer.setdefault(customer_id, []).append(pk)
        moved[model] = by_customer
        for customer_id, ids in by_customer.items():
            model.objects.filter(id__in=ids).update(customer_id=target(customer_id))
    _merge_profiles(merged_ids, target)
    now = timezone.now()
    records = [
        CustomerMerge(
            workspace_id=workspace_id,
            survivor_id=target(merged),
            merged_id=merged,
            reason=reason[:500],
            moved_identity_ids=moved[CustomerIdentity].get(merged, []),
            moved_interaction_ids=moved[Interaction].get(merged, []),
            moved_case_ids=moved[Case].get(merged, []),
            created_at=now,
        )
        for _, merged, reason in merges
    ]
    return CustomerMerge.objects.bulk_create(records)


def _merge_profiles(merged_ids: list[int], target) -> None:
    """Survivors keep their own profile and take what they lack from the customers merged into them."""
    involved = set(merged_ids) | {target(m) for m in merged_ids}
    customers = Customer.objects.in_bulk(involved)
    for merged_id in merged_ids:
        merged, survivor = customers[merged_id], customers[target(merged_id)]
        for name in PROFILE_FIELDS:
            if not getattr(survivor, name):
                setattr(survivor, name, getattr(merged, name))
        survivor.attributes = {**merged.attributes, **survivor.attributes}
        survivor.consent = {**merged.consent, **survivor.consent}
        merged.merged_into_id = survivor.pk
    Customer.objects.bulk_update(
        customers.values(), [*PROFILE_FIELDS, "attributes", "consent", "merged_into"], batch_size=500
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
