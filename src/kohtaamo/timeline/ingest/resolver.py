"""Identity resolution: who is this customer?

Rules:

- every identifier that matches finds the customer; unknown identifiers are attached to them;
- identifiers pointing at two different customers merge them (a merge record says why), unless both
  have *different* external ids: an external id is authoritative, so the shared phone or email (a family
  landline) stays with the customer who had it first and is marked ``shared``; a shared identifier never
  merges anybody again;
- at most ``IDENTITY_LIMITS`` identifiers of a kind per customer, so a bad feed cannot grow a monster.

One resolver serves one import. It keeps an in-memory index of every identifier the import has seen
(and of the customers behind them), so each batch asks the database only about identifiers new to the
import: the index grows with distinct customers, not with interactions. If another writer races us,
the unique constraint stops the duplicate and the batch is retried after :meth:`forget`.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from kohtaamo.db.adapt import db_datetime, db_json
from kohtaamo.db.copy import copy_rows
from kohtaamo.db.rows import insert_rows, select_in, update_rows
from kohtaamo.timeline.models import Customer, CustomerIdentity, CustomerMerge
from kohtaamo.timeline.profiles import RECORD_FIELDS, absorb
from kohtaamo.timeline.records import CustomerRef
from kohtaamo.timeline.services import customers_merge
from kohtaamo.workspaces.models import Workspace

IDENTITY_LIMITS = {"external_id": 1, "email": 5, "phone": 5, "handle": 10}


@dataclass(slots=True, eq=False)
class Profile:
    """The profile fields records say (``RECORD_FIELDS``), as ingestion maintains them.

    Plain data: model instances cost too much per row. The preferred channel and consent are no record's
    business; when stored customers merge, the merge service carries them over in the database.
    """

    name: str = ""
    language: str = ""
    postal_code: str = ""
    attributes: dict = field(default_factory=dict)


@dataclass(slots=True, eq=False)
class NewCustomer:
    """A customer first seen in this batch; saved in bulk when the batch is written."""

    profile: Profile
    external_id: str | None = None
    order: int = 0
    pk: int | None = None


Owner = int | NewCustomer


@dataclass
class ResolverStats:
    customers_created: int = 0
    merges: int = 0
    shared_marked: int = 0
    identities_over_limit: int = 0


class IdentityResolver:
    def __init__(self, workspace: Workspace, stats: ResolverStats | None = None) -> None:
        self.workspace = workspace
        self.stats = stats or ResolverStats()
        self.forget()

    def forget(self) -> None:
        """Drop everything known (after a failed batch, the database is the truth again)."""
        self.owner_of: dict[tuple[str, str], Owner | None] = {}
        self.shared: set[tuple[str, str]] = set()
        self.external_of: dict[Owner, str | None] = {}
        self.kind_counts: dict[Owner, Counter] = {}
        self.profiles: dict[int, Profile] = {}
        self.parent: dict[Owner, Owner] = {}
        self.watermark: tuple | None = None
        self._start_batch()

    def refresh_if_stale(self) -> None:
        """Forget the index if another writer changed identities or merges since this import's last batch."""
        if self.watermark is None or self._watermark() != self.watermark:
            self.forget()

    def remember_watermark(self) -> None:
        """After this import's own writes (in the same transaction): what the next batch compares with."""
        self.watermark = self._watermark()

    def _watermark(self) -> tuple:
        # The newest identity id (the whole table's: one step down the primary key), and the newest merge
        # and undo of this workspace (merges are few, an undo moves identities without adding any).
        identities, merges = (connection.ops.quote_name(m._meta.db_table) for m in (CustomerIdentity, CustomerMerge))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT (SELECT MAX(id) FROM {identities}), MAX(id), MAX(undone_at) FROM {merges} "  # noqa: S608
                "WHERE workspace_id = %s",
                [self.workspace.pk],
            )
            return tuple(cursor.fetchone())

    def _start_batch(self) -> None:
        self.new_identities: list[tuple[Owner, str, str]] = []
        self.newly_shared: set[tuple[str, str]] = set()
        self.new_customers: list[NewCustomer] = []
        self.profile_dirty: set[int] = set()
        self.db_merges: list[tuple[int, int, str]] = []

    # -- loading -------------------------------------------------------------------------------
    def load(self, refs: list[CustomerRef]) -> None:
        """Look up, in one IN list (sent in chunks), the batch's identifiers this import has not seen yet."""
        self._start_batch()
        unseen = {pair for ref in refs for pair in ref.identifiers() if pair not in self.owner_of}
        if not unseen:
            return
        for pair in unseen:
            self.owner_of[pair] = None
        rows = select_in(
            "SELECT kind, value, customer_id, shared FROM {table} WHERE workspace_id = %s AND value IN ({values})",
            CustomerIdentity,
            [self.workspace.pk],
            sorted({value for _, value in unseen}),
        )
        found: set[int] = set()
        for kind, value, customer_id, shared in rows:
            if (kind, value) in unseen:
                self.owner_of[(kind, value)] = customer_id
                if shared:
                    self.shared.add((kind, value))
                if customer_id not in self.external_of:
                    found.add(customer_id)
        if found:
            self._load_customers(found)

    def _load_customers(self, customer_ids: set[int]) -> None:
        for customer_id in customer_ids:
            self.external_of[customer_id] = None
            self.kind_counts[customer_id] = Counter()
        ids = sorted(customer_ids)
        rows = select_in(
            "SELECT customer_id, kind, value FROM {table} WHERE customer_id IN ({values})",
            CustomerIdentity,
            [],
            ids,
        )
        for customer_id, kind, value in rows:
            self.kind_counts[customer_id][kind] += 1
            if kind == "external_id":
                self.external_of[customer_id] = value
        profiles = (
            Customer.objects.of(self.workspace).filter(pk__in=ids).values_list("pk", *RECORD_FIELDS, "attributes")
        )
        for pk, *fields in profiles:
            self.profiles[pk] = Profile(*fields)

    # -- resolving -----------------------------------------------------------------------------
    def find(self, owner: Owner | None) -> Owner | None:
        while owner is not None and owner in self.parent:
            owner = self.parent[owner]
        return owner

    def resolve(self, ref: CustomerRef | None) -> Owner | None:
        if ref is None:
            return None
        identifiers = ref.identifiers()
        if not identifiers:
            return None
        matches = [(kind, value, self.find(self.owner_of.get((kind, value)))) for kind, value in identifiers]
        if ref.external_id:
            target = self.find(self.owner_of.get(("external_id", ref.external_id))) or self._create(ref)
        else:
            known = [owner for kind, value, owner in matches if owner is not None and (kind, value) not in self.shared]
            known = known or [owner for _, _, owner in matches if owner is not None]
            target = known[0] if known else self._create(ref)
        for kind, value, owner in matches:
            owner = self.find(owner)
            if kind == "external_id" or owner == target:
                continue
            if owner is None:
                self._attach(target, kind, value)
            elif (kind, value) in self.shared:
                continue
            elif self._conflicting(owner, target):
                self.shared.add((kind, value))
                self.newly_shared.add((kind, value))
                self.stats.shared_marked += 1
            else:
                target = self._merge(target, owner, f"{kind} {value} seen on both customers")
        self._update_profile(target, ref)
        return target

    def _conflicting(self, a: Owner, b: Owner) -> bool:
        ext_a, ext_b = self.external_of.get(a), self.external_of.get(b)
        return bool(ext_a and ext_b and ext_a != ext_b)

    def _create(self, ref: CustomerRef) -> NewCustomer:
        new = NewCustomer(
            Profile(ref.name, ref.language, ref.postal_code, dict(ref.attributes)),
            external_id=ref.external_id,
            order=len(self.new_customers),
        )
        self.new_customers.append(new)
        self.external_of[new] = ref.external_id
        self.kind_counts[new] = Counter()
        if ref.external_id:
            self._attach(new, "external_id", ref.external_id)
        return new

    def _attach(self, owner: Owner, kind: str, value: str) -> None:
        counts = self.kind_counts.setdefault(owner, Counter())
        if counts[kind] >= IDENTITY_LIMITS[kind]:
            self.stats.identities_over_limit += 1
            return
        counts[kind] += 1
        self.owner_of[(kind, value)] = owner
        self.new_identities.append((owner, kind, value))

    def _merge(self, a: Owner, b: Owner, reason: str) -> Owner:
        """Merge two customers; the survivor is deterministic: saved before new, external id first, oldest."""

        def rank(owner: Owner) -> tuple:
            if isinstance(owner, int):
                return (0, 0 if self.external_of.get(owner) else 1, owner)
            return (1, 0 if owner.external_id else 1, owner.order)

        survivor, merged = sorted((a, b), key=rank)
        self.parent[merged] = survivor
        self.kind_counts.setdefault(survivor, Counter()).update(self.kind_counts.get(merged, Counter()))
        self.external_of[survivor] = self.external_of.get(survivor) or self.external_of.get(merged)
        if isinstance(merged, int):
            # Both exist in the database: their history moves when the batch is written.
            self.db_merges.append((survivor, merged, reason))  # type: ignore[arg-type]
            self.stats.merges += 1
        kept, gone = self._profile_of(survivor), self._profile_of(merged)
        if kept is not None and gone is not None:
            absorb(kept, gone, fields=RECORD_FIELDS, mappings=("attributes",))
        return survivor

    def _profile_of(self, owner: Owner) -> Profile | None:
        return owner.profile if isinstance(owner, NewCustomer) else self.profiles.get(owner)

    def _update_profile(self, owner: Owner, ref: CustomerRef) -> None:
        """The latest record's non-empty profile fields win; attributes are merged key by key."""
        profile = self._profile_of(owner)
        if profile is None:
            return
        changed = False
        for name in RECORD_FIELDS:
            value = getattr(ref, name)
            if value and getattr(profile, name) != value:
                setattr(profile, name, value)
                changed = True
        if ref.attributes and any(profile.attributes.get(k) != v for k, v in ref.attributes.items()):
            profile.attributes = {**profile.attributes, **ref.attributes}
            changed = True
        if changed and isinstance(owner, int):
            self.profile_dirty.add(owner)

    # -- writing -------------------------------------------------------------------------------
    def customer_id(self, owner: Owner | None) -> int | None:
        owner = self.find(owner)
        if owner is None or isinstance(owner, int):
            return owner
        return owner.pk

    def flush(self) -> set[int]:
        """Write the batch's new customers and identities (inside the batch's transaction).

        Returns the ids of the customers created, whose history the database cannot know yet.
        """
        # Stored customers merge first, so profile updates below land on the survivors as they end up.
        customers_merge(workspace=self.workspace, merges=self.db_merges)
        roots = [new for new in self.new_customers if new not in self.parent]
        now = db_datetime(timezone.now())
        ws = self.workspace.pk
        ids = insert_rows(
            Customer,
            ("workspace_id", *RECORD_FIELDS, "attributes", "preferred_channel", "consent", "created_at", "updated_at"),
            [(ws, p.name, p.language, p.postal_code, db_json(p.attributes), "", db_json({}), now, now)
             for p in (new.profile for new in roots)],
            returning=True,
        )  # fmt: skip
        for new, pk in zip(roots, ids, strict=True):
            new.pk = pk
        self.stats.customers_created += len(roots)
        copy_rows(
            CustomerIdentity,
            ("workspace_id", "customer_id", "kind", "value", "shared", "created_at"),
            [(ws, self.customer_id(owner), kind, value, False, now) for owner, kind, value in self.new_identities],
        )
        for kind in {kind for kind, _ in self.newly_shared}:
            values = [value for k, value in self.newly_shared if k == kind]
            CustomerIdentity.objects.of(self.workspace).filter(kind=kind, value__in=values).update(shared=True)
        update_rows(
            Customer,
            (*RECORD_FIELDS, "attributes", "updated_at"),
            [
                (p.name, p.language, p.postal_code, db_json(p.attributes), now, pk)
                for pk, p in ((pk, self.profiles[pk]) for pk in self.profile_dirty if self.find(pk) == pk)
            ],
        )
        return set(ids)

    def merge_survivors(self) -> set[int]:
        """The stored customers this batch merged others into (after :meth:`flush`): their cases re-thread."""
        found = (self.find(survivor) for survivor, _, _ in self.db_merges)
        return {owner for owner in found if isinstance(owner, int)}

    def settle(self) -> None:
        """After the batch's owners are turned into ids: keep only saved ids in the import-wide index."""
        # Only identifiers attached in this batch can point at a placeholder (walking the whole index
        # here would make an import quadratic in its number of customers).
        for _, kind, value in self.new_identities:
            if isinstance(owner := self.owner_of.get((kind, value)), NewCustomer):
                self.owner_of[(kind, value)] = self.customer_id(owner)
        for new in self.new_customers:
            saved = self.customer_id(new)
            self.external_of[saved] = self.external_of.get(saved) or self.external_of.pop(new, None)
            counts = self.kind_counts.pop(new, Counter())
            if new.pk is not None:
                self.kind_counts[new.pk] = counts
                self.profiles[new.pk] = new.profile
            self.parent.pop(new, None)
        self.parent = {k: v for k, v in self.parent.items() if isinstance(k, int)}
