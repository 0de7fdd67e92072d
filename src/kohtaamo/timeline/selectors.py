"""Reads on customers and their timeline, always scoped to the actor's workspace."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Case as SqlCase
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce
from django.http import Http404

from kohtaamo.db.filters import filter_given
from kohtaamo.lib.identity import normalise_email, normalise_external_id, normalise_handle, normalise_phone
from kohtaamo.privacy.policy import mask_identifier, may_read_transcript
from kohtaamo.privacy.selectors.masking import identifiers_masked_for
from kohtaamo.workspaces.access import Actor, get_visible_or_404

from .models import Case, Customer, CustomerIdentity, CustomerMerge, Interaction, Recording

LOOKUP_KINDS = ("email", "phone", "external_id", "handle")
# What the customer list shows to reach someone by, the first of each kind they were seen with.
CONTACT_KINDS = ("phone", "email")


def customer_list(*, actor: Actor, query: str = "") -> QuerySet[Customer]:
    """Customers of the workspace (merged-away ones hidden), optionally searched by name or any identifier."""
    customers = Customer.objects.of(actor).filter(merged_into__isnull=True)
    query = query.strip()
    if query:
        values = _identifier_candidates(actor, query)
        by_identity = CustomerIdentity.objects.of(actor).filter(value__in=values).values("customer_id")
        customers = customers.filter(Q(name__icontains=query) | Q(pk__in=by_identity))
    # Named customers first, A to Z; callers known only by a number follow (they sorted first, as "").
    return customers.order_by(SqlCase(When(name="", then=1), default=0), "name", "pk")


def customer_directory(*, actor: Actor, query: str = "") -> QuerySet[Customer]:
    """``customer_list`` for the customer list page: each customer's last contact and open cases annotated,
    and their phones and emails fetched with the page, so a page costs the same few queries at any size.

    Both figures are subqueries on the customer's own indexes (interactions by customer and start, cases by
    customer and status), so only the rows shown are counted and the paginator's count stays a plain count.
    """
    last_contact = (
        Interaction.objects.of(actor).filter(customer=OuterRef("pk")).order_by("-started_at").values("started_at")[:1]
    )
    open_cases = (
        Case.objects.of(actor)
        .filter(customer=OuterRef("pk"), status=Case.Status.OPEN)
        .order_by()
        .values("customer")
        .annotate(n=Count("pk"))
        .values("n")
    )
    reachable = CustomerIdentity.objects.of(actor).filter(kind__in=CONTACT_KINDS).order_by("created_at", "pk")
    return (
        customer_list(actor=actor, query=query)
        .annotate(
            last_contact_at=Subquery(last_contact),
            open_case_count=Coalesce(Subquery(open_cases, output_field=IntegerField()), 0),
        )
        .prefetch_related(Prefetch("identities", queryset=reachable, to_attr="contact_identities"))
    )


@dataclass(frozen=True)
class CustomerRow:
    """One line of the customer list: who, how to reach them, when they were last in touch, what is open."""

    customer: Customer
    phone: str
    email: str
    last_contact_at: datetime | None
    open_cases: int


def customer_rows(*, actor: Actor, customers: Iterable[Customer]) -> list[CustomerRow]:
    """Rows for customers read through ``customer_directory``: the first phone and email each has (masked
    for agents when the workspace masks identifiers, as on the customer's own page)."""
    masked = identifiers_masked_for(actor=actor)
    rows = []
    for customer in customers:
        first: dict[str, str] = {}
        for identity in getattr(customer, "contact_identities", []):
            first.setdefault(identity.kind, identity.value)
        if masked:
            first = {kind: mask_identifier(kind, value) for kind, value in first.items()}
        rows.append(
            CustomerRow(
                customer=customer,
                phone=first.get("phone", ""),
                email=first.get("email", ""),
                last_contact_at=getattr(customer, "last_contact_at", None),
                open_cases=getattr(customer, "open_case_count", 0),
            )
        )
    return rows


def _identifier_candidates(actor: Actor, query: str) -> set[str]:
    region = actor.workspace.country
    candidates = {
        normalise_email(query),
        normalise_phone(query, region),
        normalise_external_id(query),
        normalise_handle(query),
    }
    return {c for c in candidates if c}


def customer_lookup(*, actor: Actor, kind: str, value: str) -> Customer | None:
    """Find a customer by one identifier, normalised the same way ingestion normalises it."""
    region = actor.workspace.country
    normalise = {
        "email": normalise_email,
        "phone": lambda v: normalise_phone(v, region),
        "external_id": normalise_external_id,
        "handle": normalise_handle,
    }[kind]
    normalised = normalise(value)
    if not normalised:
        return None
    identity = CustomerIdentity.objects.of(actor).select_related("customer").filter(kind=kind, value=normalised).first()
    return identity.customer if identity else None


def customer_get(*, actor: Actor, customer_id: int) -> Customer:
    """A customer of the actor's workspace; a merged-away id leads to the customer it was merged into."""
    customer = get_visible_or_404(Customer, actor, customer_id)
    seen = {customer.pk}
    while customer.merged_into_id and customer.merged_into_id not in seen:
        seen.add(customer.merged_into_id)
        customer = get_visible_or_404(Customer, actor, customer.merged_into_id)
    return customer


@dataclass
class Timeline:
    customer: Customer
    identities: list[CustomerIdentity]
    interactions: list[Interaction]
    open_cases: list[Case]
    channels: list[str]
    repeat_count: int
    merges: list[CustomerMerge]


def customer_timeline(*, actor: Actor, customer: Customer, limit: int = 500) -> Timeline:
    """Every interaction of a customer on every channel, newest first, with their cases."""
    if customer.workspace_id != actor.workspace.pk:
        raise Http404
    # Through the customer (read through the door): its own indexes, not the workspace-wide ones.
    interactions = list(
        customer.interactions.select_related("case", "agent", "queue", "team")
        .defer("transcript")
        .order_by("-started_at", "-pk")[:limit]
    )
    open_cases = list(
        customer.cases.filter(status=Case.Status.OPEN)
        .annotate(contacts=Count("interactions"))
        .order_by("-last_contact_at")
    )
    merges = list(
        CustomerMerge.objects.of(actor)
        .filter(Q(survivor=customer) | Q(merged=customer))
        .select_related("survivor", "merged")
    )
    return Timeline(
        customer=customer,
        identities=list(customer.identities.order_by("kind", "value")),
        interactions=interactions,
        open_cases=open_cases,
        channels=sorted({i.channel for i in interactions}),
        repeat_count=sum(1 for i in interactions if i.is_repeat),
        merges=merges,
    )


def interaction_get(*, actor: Actor, interaction_id: int) -> Interaction:
    """One interaction of the actor's workspace, with what its page shows beside it."""
    related = Interaction.objects.of(actor).select_related("customer", "case", "agent", "queue", "team")
    return get_visible_or_404(related, actor, interaction_id)


def merge_get(*, actor: Actor, merge_id: int) -> CustomerMerge:
    """One merge of the actor's workspace (to undo it)."""
    return get_visible_or_404(CustomerMerge, actor, merge_id)


def interactions_list(
    *,
    actor: Actor,
    customer_id: int | None = None,
    case_id: int | None = None,
    channel: str = "",
    started_from: datetime | None = None,
    started_to: datetime | None = None,
    updated_since: datetime | None = None,
) -> QuerySet[Interaction]:
    """Interactions of the workspace for the API's list and export (a merged-away customer's id finds the
    survivor's); ``started_to`` is exclusive, so consecutive windows never count a contact twice."""
    rows = Interaction.objects.of(actor).select_related("case", "queue", "agent", "team")
    if customer_id is not None:
        rows = rows.filter(customer=customer_get(actor=actor, customer_id=customer_id))
    return filter_given(rows, case_id=case_id, channel=channel, started_at__gte=started_from,
                        started_at__lt=started_to, updated_at__gte=updated_since)  # fmt: skip


def cases_list(
    *, actor: Actor, customer_id: int | None = None, status: str = "", contact_since: datetime | None = None
) -> QuerySet[Case]:
    """Cases of the workspace with their number of contacts, for the API."""
    rows = Case.objects.of(actor).annotate(contacts=Count("interactions"))
    if customer_id is not None:
        rows = rows.filter(customer=customer_get(actor=actor, customer_id=customer_id))
    return filter_given(rows, status=status, last_contact_at__gte=contact_since)


def case_get(*, actor: Actor, case_id: int) -> Case:
    return get_visible_or_404(Case.objects.of(actor).annotate(contacts=Count("interactions")), actor, case_id)


def customers_changed(*, actor: Actor, query: str = "", updated_since: datetime | None = None) -> QuerySet[Customer]:
    """``customer_list`` with the identities loaded, optionally only those changed since a moment."""
    return filter_given(customer_list(actor=actor, query=query).prefetch_related("identities"),
                        updated_at__gte=updated_since)  # fmt: skip


def recording_get(*, actor: Actor, interaction_id: int) -> Recording:
    """The stored recording of an interaction the actor may hear (whoever may read its transcript), or 404."""
    interaction = interaction_get(actor=actor, interaction_id=interaction_id)
    if not may_read_transcript(actor, interaction):
        raise Http404
    recording = Recording.objects.of(actor).filter(interaction=interaction).first()
    if recording is None:
        raise Http404
    return recording


@dataclass(frozen=True)
class Evidence:
    """What there is to read and hear of an interaction, as far as the actor may: an evaluator's material."""

    transcript_allowed: bool
    has_recording: bool  # stored here, played by the page's audio player
    recording_url: str  # kept in the telephony system, linked


def interaction_evidence(*, actor: Actor, interaction: Interaction) -> Evidence:
    """Whether the actor may read the transcript, and the recordings of an interaction the actor already sees."""
    if not may_read_transcript(actor, interaction):
        return Evidence(False, False, "")
    stored = Recording.objects.of(actor).filter(interaction=interaction).exists()
    return Evidence(True, stored, interaction.recording_url)


# How many of the newest customers and contacts the labels page reads for the keys in use: enough to meet
# every key a CRM sends or reason a contact centre tags, without reading a million rows to draw a form.
KEYS_SAMPLE = 20_000


def label_keys_seen(*, actor: Actor) -> dict[str, list[str]]:
    """The customer attribute keys and contact reasons in the newest data, for the workspace's labels page."""
    attributes: set[str] = set()
    newest_customers = Customer.objects.of(actor).order_by("-pk").values_list("attributes", flat=True)
    for values in newest_customers[:KEYS_SAMPLE]:
        if isinstance(values, dict):
            attributes.update(str(key) for key in values)
    newest_contacts = Interaction.objects.of(actor).order_by("-pk").values_list("contact_reason", flat=True)
    reasons = {reason for reason in newest_contacts[:KEYS_SAMPLE] if reason}
    return {"attribute": sorted(attributes), "reason": sorted(reasons)}
