"""The right to erasure: remove or anonymise every personal field of one person, keep the figures.

The customer row stays as an anonymous tombstone (no name, identifiers, attributes or postal code), so its
interactions, answers and notifications stay counted: contact counts, repeat rates, NPS and delivery
figures are the same after an erasure as before. What a person said or was sent (transcripts, free-text
answers, call-back notes, message bodies and addresses) is emptied; identifiers are deleted; texts that are
kept because they are about someone else (an evaluator's comments, a dispute) have the person's name and
identifiers replaced. ``docs/privacy.md`` lists each field.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone

from kohtaamo.lib.identity import normalise_external_id
from kohtaamo.notify.models import Incident
from kohtaamo.privacy.catalogue import ERASED
from kohtaamo.privacy.models import Erasure
from kohtaamo.privacy.selectors.export import EXPORTS
from kohtaamo.privacy.selectors.person import person_customer_ids
from kohtaamo.timeline.models import Customer, CustomerIdentity, IdentityKind
from kohtaamo.workspaces.access import Actor

from .audit import actor_label, audit_record

Scrub = Callable[[str], str]
Eraser = Callable[[models.QuerySet, Scrub], int]


def _blank(**values: object) -> Eraser:
    """Set these fields on every row of the person (the count is of rows matched, blank or not)."""

    def erase(rows: models.QuerySet, scrub: Scrub) -> int:
        return rows.update(**values)

    return erase


def _keep(rows: models.QuerySet, scrub: Scrub) -> int:
    return 0


def _delete(rows: models.QuerySet, scrub: Scrub) -> int:
    return rows.delete()[0]


def _scrub_fields(*names: str) -> Eraser:
    """Replace the person's name and identifiers inside kept texts (plain text or a JSON dict of texts)."""

    def erase(rows: models.QuerySet, scrub: Scrub) -> int:
        changed = []
        for row in rows:
            before = [getattr(row, n) for n in names]
            for name in names:
                value = getattr(row, name)
                if isinstance(value, str):
                    setattr(row, name, scrub(value))
                elif isinstance(value, dict):
                    setattr(row, name, {k: scrub(v) if isinstance(v, str) else v for k, v in value.items()})
            if [getattr(row, n) for n in names] != before:
                changed.append(row)
        if changed:
            rows.model.objects.bulk_update(changed, list(names))
        return len(changed)

    return erase


ERASERS: dict[str, Eraser] = {
    "timeline.customer": _blank(name="", language="", postal_code="", attributes={}, preferred_channel="", consent={}),
    "timeline.customeridentity": _delete,
    "timeline.customermerge": _blank(reason=ERASED),
    # A case holds the contact reason and dates, nothing that names the person.
    "timeline.case": _keep,
    "timeline.interaction": _blank(transcript=[], attributes={}, recording_url=""),
    "timeline.recording": _delete,  # the customer's voice
    "feedback.invitation": _blank(email="", phone="", error=""),
    # A response holds the survey, times and the contact's facts; its answers are erased below.
    "feedback.response": _keep,
    "feedback.answer": _blank(text=""),
    "feedback.followup": _blank(notes=""),
    "notify.delivery": _blank(address="", subject="", body="", last_error="", provider_message_id=""),
    "quality.evaluation": _scrub_fields("comments", "overall_comment"),
    "quality.questionscore": _keep,
    "quality.dispute": _scrub_fields("reason", "resolution"),
    # Automatic scores stay (the figures stay right); the transcript's words quoted as evidence go.
    "quality.autoreview": _keep,
    "quality.autoanswer": _blank(matched=[]),
    # A connector's copy of the conversation goes entirely (its messages with it).
    "connectors.message": _delete,
    "connectors.conversation": _delete,
}


def _scrubber(names: list[str]) -> Scrub:
    """A function replacing each of ``names`` (case-insensitively) with the erased mark."""
    names = sorted({n for n in names if len(n.strip()) >= 3}, key=len, reverse=True)
    if not names:
        return lambda text: text
    pattern = re.compile("|".join(re.escape(n) for n in names), re.IGNORECASE)
    return lambda text: pattern.sub(ERASED, text)


def _identifiers(actor: Actor, ids: list[int]) -> tuple[list[str], set[str]]:
    """The person's names and identifier values (for scrubbing), and their external ids (incident targets)."""
    names = list(Customer.objects.of(actor).filter(pk__in=ids).exclude(name="").values_list("name", flat=True))
    identities = list(CustomerIdentity.objects.of(actor).filter(customer_id__in=ids).values_list("kind", "value"))
    words = names + [part for name in names for part in name.split() if len(part) >= 4]
    values = [value for _, value in identities]
    # A phone number is also written without its country code (+358 40… as 040…).
    values += ["0" + v[4:] for kind, v in identities if kind == IdentityKind.PHONE and v.startswith("+358")]
    external = {value for kind, value in identities if kind == IdentityKind.EXTERNAL_ID}
    return words + values, external


def _incident_targets(actor: Actor, external: set[str]) -> int:
    """Take the person's external ids out of the customer lists incidents were targeted at."""
    changed = []
    for incident in Incident.objects.of(actor).exclude(customer_ids=[]).only("pk", "customer_ids"):
        kept = [v for v in incident.customer_ids if normalise_external_id(str(v)) not in external]
        if len(kept) != len(incident.customer_ids):
            incident.customer_ids = kept
            changed.append(incident)
    Incident.objects.of(actor).bulk_update(changed, ["customer_ids"])
    return len(changed)


def _admin_log(ids: list[int]) -> int:
    """The Django admin's change log names the customer in its text: keep the entry, drop the name."""
    customer_type = ContentType.objects.get_for_model(Customer)
    entries = LogEntry.objects.filter(content_type=customer_type, object_id__in=[str(i) for i in ids])
    return entries.update(object_repr=ERASED, change_message="")


def customer_erase(*, actor: Actor, customer: Customer, request: object = None) -> Erasure:
    """Erase the person (the customer and those merged into it); recorded without personal data."""
    with transaction.atomic():
        ids = person_customer_ids(actor=actor, customer=customer)
        names, external = _identifiers(actor, ids)
        scrub = _scrubber(names)
        rows: dict[str, int] = {}
        # Scrubbing texts first: the identities it needs are deleted on the way.
        for label in sorted(ERASERS, key=lambda label: label == "timeline.customeridentity"):
            rows[label] = ERASERS[label](EXPORTS[label](actor, ids), scrub)
        rows["notify.incident"] = _incident_targets(actor, external)
        rows["admin.logentry"] = _admin_log(ids)
        erasure = Erasure.objects.create(
            workspace=actor.workspace,
            customer_id=customer.pk,
            erased_by=actor.user,
            erased_by_label=actor_label(actor),
            erased_at=timezone.now(),
            rows={label: n for label, n in rows.items() if n},
        )
        audit_record(
            actor=actor,
            action="customer.erase",
            object_type="customer",
            object_id=customer.pk,
            request=request,  # type: ignore[arg-type]
            detail={"customer_ids": ids, "erasure": erasure.pk},
        )
    _truncate_sqlite_wal()
    return erasure


def _truncate_sqlite_wal() -> None:
    """Old page images stay in SQLite's write-ahead log until a checkpoint: write them back and truncate it."""
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
