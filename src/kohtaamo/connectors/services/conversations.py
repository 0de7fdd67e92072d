"""Storing what platforms tell about conversations, once each, and turning them into interactions.

Every message is stored by the platform's id, so a redelivered webhook adds nothing; each conversation
touched is then rebuilt as one canonical record (the whole transcript so far) and sent through
``timeline.ingest.interactions_ingest``: a conversation that grew updates its interaction in place, one
that did not is unchanged by its content hash. The rebuild also runs for a redelivery, which is what
repairs a conversation whose earlier ingest was interrupted.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from kohtaamo.db.locks import advisory_lock
from kohtaamo.lib.text.pii import Redactor
from kohtaamo.timeline.ingest import IngestReport, interactions_ingest
from kohtaamo.timeline.models import Interaction
from kohtaamo.timeline.redaction import masked_text, redactor_of

from ..models import Connector, Conversation, Message
from ..updates import ConversationUpdate
from .health import connector_seen

LOCK = "connectors.conversations"
MAX_TURN_TEXT = 20_000


def conversations_record(*, connector: Connector, updates: list[ConversationUpdate]) -> IngestReport:
    """Store the updates' new messages and facts; ingest every conversation they touched."""
    if not updates:
        return IngestReport()
    with transaction.atomic():
        # One writer per connector decides which conversation a message opens or joins.
        advisory_lock(LOCK, connector.pk)
        redactor = redactor_of(connector.workspace)  # the connector keeps its own copy of every message
        touched = {_apply(connector, update, redactor).pk for update in updates}
    records = [conversation_record_build(connector, c) for c in _conversations(connector, touched)]
    report = interactions_ingest(
        workspace=connector.workspace, records=enumerate(records), default_source=connector.kind
    )
    conversation_links_set(connector=connector, source=connector.kind, ids=touched)
    connector_seen(connector=connector, report=report)
    return report


def _apply(connector: Connector, update: ConversationUpdate, redactor: Redactor | None) -> Conversation:
    conversation = _conversation_for(connector, update)
    changed = False
    for name, value in update.customer.items():
        if value and conversation.customer.get(name) != value:
            conversation.customer[name] = value
            changed = True
    for name, value in update.facts.items():
        if conversation.facts.get(name) != value:
            conversation.facts[name] = value
            changed = True
    earliest = update.earliest()
    if earliest and earliest < conversation.started_at:
        conversation.started_at = earliest
        changed = True
    if changed:
        conversation.save(update_fields=["customer", "facts", "started_at"])
    known = set(
        Message.objects.of(connector.workspace)
        .filter(connector=connector, message_id__in=[t.message_id for t in update.turns])
        .values_list("message_id", flat=True)
    )
    fresh = {t.message_id: t for t in update.turns if t.message_id not in known}
    Message.objects.bulk_create(
        [
            Message(
                connector=connector,
                conversation=conversation,
                message_id=t.message_id,
                at=t.at,
                speaker=t.speaker,
                text=masked_text(t.text[:MAX_TURN_TEXT], redactor),
            )
            for t in fresh.values()
        ]  # fmt: skip
    )
    return conversation


def _conversation_for(connector: Connector, update: ConversationUpdate) -> Conversation:
    """The platform's conversation by its key; without one, the contact's conversation of the window."""
    conversations = Conversation.objects.of(connector.workspace).filter(connector=connector)
    at = update.earliest() or timezone.now()
    if update.key is not None:
        found = conversations.filter(key=update.key).first()
        if found is None:
            found = Conversation.objects.create(connector=connector, key=update.key, contact=update.contact,
                                                started_at=at)  # fmt: skip
        return found
    # A message seen before stays where it was put, whatever the window says now.
    seen = (
        Message.objects.of(connector.workspace)
        .filter(connector=connector, message_id__in=[t.message_id for t in update.turns])
        .select_related("conversation")
        .first()
    )
    if seen is not None:
        return seen.conversation
    window = timedelta(hours=update.window_hours)
    found = (
        conversations.filter(contact=update.contact, started_at__gt=at - window, started_at__lte=at)
        .order_by("-started_at")
        .first()
    )
    if found is None:
        key = f"{update.key_prefix}{update.contact}:{int(at.timestamp())}"
        found = Conversation.objects.create(connector=connector, key=key, contact=update.contact, started_at=at)
    return found


def _conversations(connector: Connector, ids: set[int]) -> list[Conversation]:
    return list(
        Conversation.objects.of(connector.workspace).filter(pk__in=ids).prefetch_related("messages").order_by("pk")
    )


def conversation_record_build(connector: Connector, conversation: Conversation) -> dict:
    """The conversation as one canonical interaction record (docs/import-format.md)."""
    messages = sorted(conversation.messages.all(), key=lambda m: (m.at, m.pk))
    facts = dict(conversation.facts)
    attributes = dict(facts.pop("attributes", {}) or {})
    attributes |= {"connector": connector.name, "messages": len(messages)}
    record: dict = {
        "external_id": conversation.key,
        "source": connector.kind,
        "channel": facts.pop("channel", connector.kind),
        "started_at": _iso(conversation.started_at),
        "transcript": [{"at": _iso(m.at), "speaker": m.speaker, "text": m.text} for m in messages],
        "attributes": attributes,
        **facts,
    }
    if messages:
        record["ended_at"] = _iso(max(messages[-1].at, conversation.started_at))
    if conversation.customer:
        record["customer"] = dict(conversation.customer)
    return record


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def conversation_links_set(*, connector: Connector, source: str, ids: set[int]) -> None:
    """Point each conversation at the interaction it became (its key is that interaction's external id)."""
    conversations = Conversation.objects.of(connector.workspace).filter(pk__in=ids, interaction__isnull=True)
    keys = dict(conversations.values_list("key", "pk"))
    if not keys:
        return
    found = Interaction.objects.of(connector.workspace).filter(source=source, external_id__in=list(keys))
    for external_id, interaction_id in found.values_list("external_id", "pk"):
        Conversation.objects.of(connector.workspace).filter(pk=keys[external_id]).update(interaction_id=interaction_id)
