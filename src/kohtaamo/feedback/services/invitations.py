"""Invitations: generated from the trigger rules over new interactions, then sent by email.

The rules are applied in a fixed order: an abandoned contact is never surveyed, a customer invited
within the rule's fatigue window is skipped, and only then is the sampling coin tossed, so a sampling
rate of 20 % means 20 % of the customers who may be asked, not 20 % of everyone.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Max, Q, QuerySet
from django.utils import timezone

from kohtaamo.db.bulk import bulk_insert
from kohtaamo.db.chunks import IN_LIST_CHUNK, chunks
from kohtaamo.feedback.models import Invitation, Survey, TriggerRule
from kohtaamo.feedback.sms import delivery_for
from kohtaamo.timeline.models import Customer, CustomerIdentity, Interaction
from kohtaamo.workspaces.models import Workspace

SUPPORTED_LANGUAGES = ("fi", "sv", "en")
# Look this far back on a rule's first run, so switching a rule on does not survey last year's callers.
FIRST_RUN_LOOKBACK = timedelta(days=2)
INTERACTION_FIELDS = (
    "started_at", "ended_at", "channel", "customer_id", "case_id", "agent_id", "team_id", "queue_id", "contact_reason",
)  # fmt: skip


def new_token() -> str:
    """An unguessable single-use token (192 random bits, URL-safe)."""
    return secrets.token_urlsafe(24)


def customer_language(interaction: Interaction, workspace: Workspace) -> str:
    """The customer's own language if the survey speaks it, else the workspace's first language."""
    if hasattr(interaction, "customer_language"):  # annotated by matching_interactions
        language = interaction.customer_language or ""
    else:
        language = (interaction.customer.language if interaction.customer else "") or ""
    if language[:2] in SUPPORTED_LANGUAGES:
        return language[:2]
    for fallback in workspace.languages or []:
        if fallback in SUPPORTED_LANGUAGES:
            return fallback
    return "fi"


def customer_address(interaction: Interaction, kind: str) -> str:
    """The customer's first email address or phone number ("" when they have none)."""
    if interaction.customer is None:
        return ""
    identity = interaction.customer.identities.filter(kind=kind).order_by("pk").first()
    return identity.value if identity else ""


def invitation_build(
    *,
    survey: Survey,
    interaction: Interaction,
    trigger: TriggerRule | None = None,
    email: str | None = None,
    phone: str | None = None,
    preferred_channel: str | None = None,
) -> Invitation:
    """An unsaved invitation to ``survey`` about ``interaction``, carrying its agent, team, channel and case.

    It is due the rule's delay after the contact ended; a generator running late sends it at once. It goes
    by email or SMS as the rule says or the customer prefers (``feedback.sms.delivery_for``).
    """
    send_after = due_at(interaction, trigger)
    email = customer_address(interaction, "email") if email is None else email
    phone = customer_address(interaction, "phone") if phone is None else phone
    if preferred_channel is None:
        preferred_channel = interaction.customer.preferred_channel if interaction.customer else ""
    delivery = delivery_for(
        chosen=trigger.delivery if trigger else "", preferred_channel=preferred_channel, email=email, phone=phone
    )
    return Invitation(
        workspace=survey.workspace,
        survey=survey,
        trigger=trigger,
        token=new_token(),
        interaction=interaction,
        customer_id=interaction.customer_id,
        case_id=interaction.case_id,
        agent_id=interaction.agent_id,
        team_id=interaction.team_id,
        queue_id=interaction.queue_id,
        channel=interaction.channel,
        language=customer_language(interaction, survey.workspace),
        email=email,
        delivery=delivery,
        phone=phone if delivery == "sms" else "",
        send_after=send_after,
        expires_at=send_after + timedelta(days=survey.invitation_valid_days),
    )


def due_at(interaction: Interaction, trigger: TriggerRule | None) -> datetime:
    """When the invitation about ``interaction`` should go out: the rule's delay after the contact ended."""
    return (interaction.ended_at or interaction.started_at) + timedelta(minutes=trigger.delay_minutes if trigger else 0)


def invitation_create(*, survey: Survey, interaction: Interaction, trigger: TriggerRule | None = None) -> Invitation:
    """Create one invitation by hand (no rule, no fatigue check)."""
    invitation = invitation_build(survey=survey, interaction=interaction, trigger=trigger)
    invitation.full_clean()
    invitation.save()
    return invitation


def matching_interactions(
    trigger: TriggerRule, *, workspace: Workspace, since: datetime, until: datetime
) -> QuerySet[Interaction]:
    """Finished, answered interactions of the rule's channels, queues, outcomes and reasons in [since, until)."""
    interactions = Interaction.objects.of(workspace).filter(
        started_at__gte=since,
        started_at__lt=until,
        abandoned=False,
        customer__isnull=False,
    )
    if trigger.channels:
        interactions = interactions.filter(channel__in=trigger.channels)
    queue_ids = list(trigger.queues.values_list("pk", flat=True))
    if queue_ids:
        interactions = interactions.filter(queue_id__in=queue_ids)
    if trigger.outcomes:
        interactions = interactions.filter(outcome__in=trigger.outcomes)
    if trigger.contact_reasons:
        interactions = interactions.filter(contact_reason__in=trigger.contact_reasons)
    # Plain columns only: a rule run reads every new interaction, and whole model rows would dominate it.
    return (
        interactions.only(*INTERACTION_FIELDS)
        .annotate(customer_language=F("customer__language"), customer_preferred=F("customer__preferred_channel"))
        .order_by("started_at", "pk")
    )


def sampled(token_seed: str, rate: float) -> bool:
    """A reproducible coin toss per interaction and rule, so a re-run makes the same choice."""
    if rate >= 1.0:
        return True
    digest = hashlib.blake2b(token_seed.encode(), digest_size=8).digest()
    return int.from_bytes(digest) / 2**64 < rate


@dataclass
class GenerationReport:
    considered: int = 0
    created: int = 0
    fatigued: int = 0
    not_sampled: int = 0
    already: int = 0


@transaction.atomic
def invitations_generate(*, trigger: TriggerRule, now: datetime | None = None) -> GenerationReport:
    """Apply one rule to the interactions that arrived since its last run; running it twice adds nothing."""
    now = now or timezone.now()
    trigger = (
        TriggerRule.objects.of(trigger.workspace)
        .select_for_update()
        .select_related("survey__workspace")
        .get(pk=trigger.pk)
    )
    workspace = trigger.survey.workspace
    report = GenerationReport()
    since = trigger.checked_until or now - FIRST_RUN_LOOKBACK
    interactions = matching_interactions(trigger, workspace=workspace, since=since, until=now)
    fatigue = timedelta(days=trigger.fatigue_days)
    last_invited: dict[int, datetime] = {}
    # Interactions are read and handled an IN list at a time: one query per batch about its ids, its customers.
    for chunk in chunks(interactions.iterator(chunk_size=IN_LIST_CHUNK)):
        report.considered += len(chunk)
        already = set(
            Invitation.objects.of(workspace)
            .filter(survey=trigger.survey, interaction_id__in=[i.pk for i in chunk])
            .values_list("interaction_id", flat=True)
        )
        report.already += len(already)
        _load_last_invited(workspace, {i.customer_id for i in chunk} - last_invited.keys(), last_invited)
        emails = _addresses_of(workspace, {i.customer_id for i in chunk}, "email")
        phones = _addresses_of(workspace, {i.customer_id for i in chunk}, "phone")
        created = []
        for interaction in chunk:
            if interaction.pk in already:
                continue
            send_after = due_at(interaction, trigger)
            previous = last_invited.get(interaction.customer_id)
            if previous is not None and abs(send_after - previous) < fatigue:
                report.fatigued += 1
            elif not sampled(f"{trigger.pk}:{interaction.pk}", trigger.sampling_rate):
                report.not_sampled += 1
            else:
                last_invited[interaction.customer_id] = send_after
                created.append(
                    invitation_build(
                        survey=trigger.survey,
                        interaction=interaction,
                        trigger=trigger,
                        email=emails.get(interaction.customer_id, ""),
                        phone=phones.get(interaction.customer_id, ""),
                        preferred_channel=interaction.customer_preferred or "",
                    )
                )
        bulk_insert(created)
        report.created += len(created)
    trigger.checked_until = now
    trigger.save(update_fields=["checked_until"])
    return report


def _load_last_invited(workspace: Workspace, customer_ids: set[int], into: dict[int, datetime]) -> None:
    """Each customer's latest invitation or reminder from any survey: fatigue counts every message they got."""
    for ids in chunks(sorted(customer_ids)):
        rows = (
            Invitation.objects.of(workspace)
            .filter(customer_id__in=ids)
            .values("customer_id")
            .annotate(last=Max("send_after"), reminded=Max("reminded_at"))
            .values_list("customer_id", "last", "reminded")
        )
        into.update((pk, max(last, reminded or last)) for pk, last, reminded in rows)


def _addresses_of(workspace: Workspace, customer_ids: set[int], kind: str) -> dict[int, str]:
    """Each customer's first email address or phone number of ``kind``."""
    addresses: dict[int, str] = {}
    for ids in chunks(sorted(customer_ids)):
        rows = CustomerIdentity.objects.of(workspace).filter(customer_id__in=ids, kind=kind).order_by("-pk")
        addresses.update(rows.values_list("customer_id", "value"))
    return addresses


def invitations_generate_all(*, workspace: Workspace, now: datetime | None = None) -> dict[str, GenerationReport]:
    """Run every active rule of the workspace (`kohtaamo feedback invite`, on a schedule)."""
    triggers = TriggerRule.objects.of(workspace).filter(active=True, survey__active=True).order_by("pk")
    return {trigger.name: invitations_generate(trigger=trigger, now=now) for trigger in triggers}


def relationship_invitations_create(
    *, survey: Survey, segment: tuple[str, str] | None = None, fatigue_days: int = 30, now: datetime | None = None
) -> int:
    """Invite a segment of customers (attribute key, value) to a relationship survey, not about a contact.

    Run on a schedule (e.g. quarterly) by `kohtaamo feedback relationship`. Customers invited to anything
    within ``fatigue_days`` and customers without an email address are skipped. Returns how many were invited.
    """
    now = now or timezone.now()
    workspace = survey.workspace
    customers = Customer.objects.of(workspace).filter(merged_into__isnull=True)
    if segment:
        customers = customers.filter(**{f"attributes__{segment[0]}": segment[1]})
    since = now - timedelta(days=fatigue_days)
    recently = Invitation.objects.of(workspace).filter(Q(send_after__gt=since) | Q(reminded_at__gt=since))
    candidates = list(customers.exclude(pk__in=recently.values("customer_id")).values_list("pk", "language"))
    emails = _addresses_of(workspace, {pk for pk, _ in candidates}, "email")
    fallback = next((code for code in survey.workspace.languages or [] if code in SUPPORTED_LANGUAGES), "fi")
    invitations = [
        Invitation(
            workspace=survey.workspace,
            survey=survey,
            token=new_token(),
            customer_id=pk,
            language=language[:2] if language[:2] in SUPPORTED_LANGUAGES else fallback,
            email=emails[pk],
            send_after=now,
            expires_at=now + timedelta(days=survey.invitation_valid_days),
        )
        for pk, language in candidates
        if pk in emails
    ]
    bulk_insert(invitations)
    return len(invitations)
