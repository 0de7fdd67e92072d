"""Emails into interactions: one email interaction per message, threaded into one case.

A message's thread is the thread of any message it refers to (``References``, ``In-Reply-To``) that the
connector has seen; otherwise the first message it refers to, or itself, starts one. The thread is the
interaction's ``case_ref``, so replies and answers are one case whatever order they arrive in.
Messages are stored by Message-ID, so a message found again (a folder whose UIDVALIDITY changed, the
same message in INBOX and Sent) is imported once.
"""

from django.db import transaction
from django.utils import timezone

from kohtaamo.db.locks import advisory_lock
from kohtaamo.lib.text.pii import Redactor
from kohtaamo.timeline.ingest import IngestReport, interactions_ingest
from kohtaamo.timeline.redaction import masked_text, redactor_of

from ..imap.mail import Email
from ..models import Connector, Conversation, Message
from ..updates import AGENT, CUSTOMER
from .conversations import conversation_links_set
from .health import connector_seen

LOCK = "connectors.mail"


def emails_record(*, connector: Connector, emails: list[Email], own_address: str) -> IngestReport:
    """Thread and store the emails, then ingest each as an email interaction."""
    records = []
    threads = set()
    with transaction.atomic():
        advisory_lock(LOCK, connector.pk)
        redactor = redactor_of(connector.workspace)  # the stored copy of a subject is masked like the record
        for email in emails:
            outbound = email.sender == own_address
            thread = _thread_of(connector, email, outbound, own_address, redactor)
            threads.add(thread.pk)
            records.append(_record(connector, email, thread, outbound, own_address))
    report = interactions_ingest(workspace=connector.workspace, records=enumerate(records), default_source="email")
    # A thread is keyed by its first message's id, which is that email's interaction.
    conversation_links_set(connector=connector, source="email", ids=threads)
    connector_seen(connector=connector, report=report)
    return report


def _thread_of(connector: Connector, email: Email, outbound: bool, own: str, redactor: Redactor | None) -> Conversation:
    messages = Message.objects.of(connector.workspace).filter(connector=connector)
    seen = messages.filter(message_id=email.message_id).select_related("conversation").first()
    if seen is not None:
        return seen.conversation
    referred = messages.filter(message_id__in=email.thread_ids).select_related("conversation").first()
    at = email.sent_at or timezone.now()
    if referred is not None:
        thread = referred.conversation
    else:
        key = email.thread_ids[0] if email.thread_ids else email.message_id
        thread = Conversation.objects.of(connector.workspace).filter(connector=connector, key=key).first()
        if thread is None:
            contact = _customer_address(email, outbound, own)
            thread = Conversation.objects.create(connector=connector, key=key, contact=contact, started_at=at)
    subject = masked_text(email.subject, redactor)
    Message.objects.create(connector=connector, conversation=thread, message_id=email.message_id, at=at,
                           speaker=AGENT if outbound else CUSTOMER, text=subject)  # fmt: skip
    return thread


def _customer_address(email: Email, outbound: bool, own: str) -> str:
    if not outbound:
        return email.sender
    return next((r for r in email.recipients if r != own), "")


def _record(connector: Connector, email: Email, thread: Conversation, outbound: bool, own: str) -> dict:
    at = (email.sent_at or timezone.now()).isoformat()
    customer = {"email": _customer_address(email, outbound, own)}
    if not outbound and email.sender_name:
        customer["name"] = email.sender_name[:200]
    text = "\n\n".join(p for p in (email.subject, email.text) if p)
    return {
        "external_id": email.message_id,
        "source": "email",
        "channel": "email",
        "direction": "outbound" if outbound else "inbound",
        "started_at": at,
        "case_ref": f"email:{thread.key}"[:200],
        "customer": customer if customer["email"] else None,
        "transcript": [{"at": at, "speaker": AGENT if outbound else CUSTOMER, "text": text}] if text else [],
        "attributes": {"subject": email.subject, "mailbox": connector.name, "attachments": email.attachments},
    }


def folder_state_set(*, connector: Connector, folder: str, uidvalidity: int, last_uid: int) -> None:
    """Remember how far a folder has been read: the next poll starts after ``last_uid``."""
    folders = dict(connector.state.get("folders", {}))
    folders[folder] = {"uidvalidity": uidvalidity, "last_uid": last_uid}
    connector.state = {**connector.state, "folders": folders}
    Connector.objects.of(connector.workspace).filter(pk=connector.pk).update(state=connector.state)
