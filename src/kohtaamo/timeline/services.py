"""Writes on customers: merging and undoing, an integration's profile change, keeping a call's recording."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kohtaamo.db.adapt import db_json
from kohtaamo.db.rows import update_rows
from kohtaamo.lib.customer_patch import attributes_patched, consent_patched
from kohtaamo.privacy.services.audit import audit_record, audit_record_many
from kohtaamo.workspaces.models import Workspace

from .models import Case, Customer, CustomerIdentity, CustomerMerge, Interaction, Recording
from .profiles import PROFILE_FIELDS, PROFILE_MAPPINGS, absorb

# What moves with a customer when it is merged (and back when the merge is undone).
CUSTOMER_ROWS = (CustomerIdentity, Interaction, Case)
RECORDING_FORMATS = frozenset({"audio/wav", "audio/ogg", "audio/mpeg"})


@transaction.atomic
def customers_merge(*, workspace: Workspace, merges: list[tuple[int, int, str]]) -> list[CustomerMerge]:
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
    involved = set(merged_ids) | {target(m) for m in merged_ids}
    customers = Customer.objects.of(workspace).in_bulk(involved)
    if len(customers) != len(involved):
        raise ValueError(f"Not customers of workspace {workspace.pk}: {sorted(involved - customers.keys())}")
    moved: dict[type, dict[int, list[int]]] = {}
    for model in CUSTOMER_ROWS:
        by_customer: dict[int, list[int]] = {}
        # The rows of customers read through the door above, by customer only: naming the workspace too
        # lets SQLite pick a workspace-wide index and scan every row of it, once per merge batch.
        rows = model.objects.filter(customer_id__in=merged_ids)
        for pk, customer_id in rows.values_list("id", "customer_id"):
            by_customer.setdefault(customer_id, []).append(pk)
        moved[model] = by_customer
        # One statement run for every row (the ORM's update a customer at a time cost a round each).
        update_rows(model, ("customer_id",), [(target(c), pk) for c, ids in by_customer.items() for pk in ids])
    _merge_profiles(customers, merged_ids, target)
    now = timezone.now()
    records = [
        CustomerMerge(
            workspace=workspace,
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
    created = CustomerMerge.objects.bulk_create(records)
    # The reason names the shared identifier, so the trail keeps only the ids.
    audit_record_many(
        workspace=workspace, action="customers.merge", object_type="customer_merge",
        objects=[(m.pk or "", {"survivor_id": m.survivor_id, "merged_id": m.merged_id}) for m in created],
    )  # fmt: skip
    return created


def _merge_profiles(customers: dict[int, Customer], merged_ids: list[int], target: Callable[[int], int]) -> None:
    """Survivors keep their own profile and take what they lack from the customers merged into them."""
    for merged_id in merged_ids:
        merged, survivor = customers[merged_id], customers[target(merged_id)]
        absorb(survivor, merged)
        merged.merged_into_id = survivor.pk
    # Plain rows: bulk_update's CASE per field and row took most of an import's merge time.
    rows = [
        (*(getattr(c, f) for f in PROFILE_FIELDS), *(db_json(getattr(c, f)) for f in PROFILE_MAPPINGS),
         c.merged_into_id, c.pk)
        for c in customers.values()
    ]  # fmt: skip
    update_rows(Customer, (*PROFILE_FIELDS, *PROFILE_MAPPINGS, "merged_into_id"), rows)


@transaction.atomic
def customer_merge_undo(*, merge: CustomerMerge) -> CustomerMerge:
    """Give the merged customer back what moved (rows that still sit with the survivor)."""
    if merge.undone_at is not None:
        return merge
    for model, ids in zip(
        CUSTOMER_ROWS, (merge.moved_identity_ids, merge.moved_interaction_ids, merge.moved_case_ids), strict=True
    ):
        # The rows this merge (read through the door) recorded as moved, by id: see customers_merge.
        model.objects.filter(id__in=ids, customer_id=merge.survivor_id).update(customer_id=merge.merged_id)
    Customer.objects.of(merge.workspace).filter(pk=merge.merged_id).update(merged_into=None, updated_at=timezone.now())
    merge.undone_at = timezone.now()
    merge.save(update_fields=["undone_at"])
    return merge


class ProfileInvalid(Exception):
    """A PATCH named fields it may not set: (field, message) pairs, nothing stored."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{f}: {m}" for f, m in errors))
        self.errors = errors


@transaction.atomic
def customer_profile_change(
    *, customer: Customer, attributes: object = None, consent: object = None, source: str = "api", audit: dict
) -> Customer:
    """Apply an integration's change of attributes and consent (``lib.customer_patch``), under a row lock."""
    locked = Customer.objects.of(customer.workspace).select_for_update().get(pk=customer.pk)
    errors: list[tuple[str, str]] = []
    fields = []
    if attributes is not None:
        locked.attributes, problems = attributes_patched(locked.attributes or {}, attributes)
        errors += problems
        fields.append("attributes")
    if consent is not None:
        now = timezone.now().isoformat()
        locked.consent, problems = consent_patched(locked.consent or {}, consent, source=source, at=now)
        errors += problems
        fields.append("consent")
    if errors:
        raise ProfileInvalid(errors)
    locked.save(update_fields=[*fields, "updated_at"])
    audit_record(action="customer.change", object_type="customer", object_id=locked.pk,
                 detail={"fields": fields, "consent": sorted(consent) if isinstance(consent, dict) else []},
                 **audit)  # fmt: skip
    return locked


@transaction.atomic
def recording_store(
    *, interaction: Interaction, audio: bytes, seconds: float, content_type: str = "audio/wav"
) -> Recording:
    """Keep (or replace) the interaction's audio; only audio formats every browser plays, within the size cap."""
    if content_type not in RECORDING_FORMATS:
        raise ValidationError({"content_type": _("Recordings must be WAV, OGG or MP3 audio.")})
    if not audio or len(audio) > Recording.MAX_BYTES:
        raise ValidationError({"audio": _("A recording must hold audio and be at most 5 MB.")})
    if not 0 < seconds <= 4 * 3600:
        raise ValidationError({"seconds": _("A recording lasts between a moment and four hours.")})
    recording, _created = Recording.objects.update_or_create(
        interaction=interaction, defaults={"audio": audio, "seconds": seconds, "content_type": content_type}
    )
    return recording
