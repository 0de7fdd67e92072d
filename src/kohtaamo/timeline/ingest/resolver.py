"""Identity resolution for one batch of records: who is this customer?

Works on a whole batch at once (one query for every identifier in it) because asking the database
record by record cannot reach tens of thousands of interactions a second. Rules:

- every identifier that matches finds the customer; unknown identifiers are attached to them;
- identifiers pointing at two different customers merge them (a merge record says why), unless both
  have *different* external ids: an external id is authoritative, so the shared phone or email (a family
  landline) stays with the customer who had it first and is marked ``shared``; a shared identifier never
  merges anybody again;
- at most ``IDENTITY_LIMITS`` identifiers of a kind per customer, so a bad feed cannot grow a monster.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from kohtaamo.timeline.models import Customer, CustomerIdentity
from kohtaamo.timeline.services import customer_merge
from kohtaamo.workspaces.models import Workspace

from .records import CustomerRef
from .sql import db_datetime, db_json, insert_rows, update_rows

IDENTITY_LIMITS = {"external_id": 1, "email": 5, "phone": 5, "handle": 10}
PROFILE_FIELDS = ("name", "language", "postal_code")


@dataclass(slots=True, eq=False)
class Profile:
    """The profile fields ingestion maintains (plain data: model instances cost too much per row)."""

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


@dataclass
class IdentityResolver:
    workspace: Workspace
    stats: ResolverStats = field(default_factory=ResolverStats)

    def __post_init__(self) -> None:
        self.owner_of: dict[tuple[str, str], Owner] = {}
        self.shared: set[tuple[str, str]] = set()
        self.external_of: dict[Owner, str | None] = {}
        self.kind_counts: dict[Owner, Counter] = {}
        self.parent: dict[Owner, Owner] = {}
        self.new_identities: list[tuple[Owner, str, str]] = []
        self.newly_shared: set[tuple[str, str]] = set()
        self.new_customers: list[NewCustomer] = []
        self.profiles: dict[int, Profile] = {}
        self.profile_dirty: set[int] = set()

    # -- loading -------------------------------------------------------------------------------
    def load(self, refs: list[CustomerRef]) -> None:
        wanted = {pair for ref in refs for pair in ref.identifiers()}
        if not wanted:
            return
        rows = CustomerIdentity.objects.filter(
            workspace=self.workspace, value__in={value for _, value in wanted}
        ).values_list("kind", "value", "customer_id", "shared")
        for kind, value, customer_id, shared in rows:
            if (kind, value) in wanted:
                self.owner_of[(kind, value)] = customer_id
                if shared:
                    self.shared.add((kind, value))
        customer_ids = {o for o in self.owner_of.values() if isinstance(o, int)}
        if not customer_ids:
            return
        counts = (
            CustomerIdentity.objects.filter(customer_id__in=customer_ids)
            .values_list("customer_id", "kind")
            .annotate(n=Count("id"))
        )
        for customer_id, kind, n in counts:
            self.kind_counts.setdefault(customer_id, Counter())[kind] = n
        externals = CustomerIdentity.objects.filter(customer_id__in=customer_ids, kind="external_id")
        for customer_id in customer_ids:
            self.external_of[customer_id] = None
        for customer_id, value in externals.values_list("customer_id", "value"):
            self.external_of[customer_id] = value
        for pk, *fields in Customer.objects.filter(pk__in=customer_ids).values_list("pk", *PROFILE_FIELDS, "attributes"):
            self.profiles[pk] = Profile(*fields)

    # -- resolving -----------------------------------------------------------------------------
    def find(self, owner: Owner | None) -> Owner | None:
        while owner is not None and owner in self.parent:
            owner = self.parent[owner]
        return owner

    def resolve(self, ref: CustomerRef | None) -> Owner | None:
        if ref is None or not ref.identifiers():
            return None
        matches = [(kind, value, self.find(self.owner_of.get((kind, value)))) for kind, value in ref.identifiers()]
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
            # Both exist in the database: move their history now, with a record that can be undone.
            customer_merge(survivor_id=survivor, merged_id=merged, reason=reason)  # type: ignore[arg-type]
            self.stats.merges += 1
        kept, gone = self._profile_of(survivor), self._profile_of(merged)
        if kept is not None and gone is not None:
            for name in PROFILE_FIELDS:
                if not getattr(kept, name):
                    setattr(kept, name, getattr(gone, name))
            kept.attributes = {**gone.attributes, **kept.attributes}
        return survivor

    def _profile_of(self, owner: Owner) -> Profile | None:
        return owner.profile if isinstance(owner, NewCustomer) else self.profiles.get(owner)

    def _update_profile(self, owner: Owner, ref: CustomerRef) -> None:
        """The latest record's non-empty profile fields win; attributes are merged key by key."""
        customer = self._profile_of(owner)
        if customer is None:
            return
        changed = False
        for name in PROFILE_FIELDS:
            value = getattr(ref, name)
            if value and getattr(customer, name) != value:
                setattr(customer, name, value)
                changed = True
        if ref.attributes and any(customer.attributes.get(k) != v for k, v in ref.attributes.items()):
            customer.attributes = {**customer.attributes, **ref.attributes}
            changed = True
        if changed and isinstance(owner, int):
            self.profile_dirty.add(owner)

    # -- writing -------------------------------------------------------------------------------
    def customer_id(self, owner: Owner | None) -> int | None:
        owner = self.find(owner)
        if owner is None or isinstance(owner, int):
            return owner
        return owner.pk

    def flush(self) -> None:
        """Write the batch's new customers and identities; call inside the batch's transaction."""
        roots = [new for new in self.new_customers if new not in self.parent]
        now = db_datetime(timezone.now())
        ws = self.workspace.pk
        ids = insert_rows(
            Customer,
            ("workspace_id", *PROFILE_FIELDS, "attributes", "preferred_channel", "consent", "created_at", "updated_at"),
            [(ws, p.name, p.language, p.postal_code, db_json(p.attributes), "", db_json({}), now, now)
             for p in (new.profile for new in roots)],
            returning=True,
        )  # fmt: skip
        for new, pk in zip(roots, ids, strict=True):
            new.pk = pk
        self.stats.customers_created += len(roots)
        insert_rows(
            CustomerIdentity,
            ("workspace_id", "customer_id", "kind", "value", "shared", "created_at"),
            [(ws, self.customer_id(owner), kind, value, False, now) for owner, kind, value in self.new_identities],
        )
        for kind in {kind for kind, _ in self.newly_shared}:
            values = [value for k, value in self.newly_shared if k == kind]
            CustomerIdentity.objects.filter(workspace=self.workspace, kind=kind, value__in=values).update(
                shared=True
            )
        update_rows(
            Customer,
            (*PROFILE_FIELDS, "attributes", "updated_at"),
            [
                (p.name, p.language, p.postal_code, db_json(p.attributes), now, pk)
                for pk, p in ((pk, self.profiles[pk]) for pk in self.profile_dirty if self.find(pk) == pk)
            ],
        )
