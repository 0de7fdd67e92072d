"""Least privilege for personal data: who may read a transcript, and how an identifier looks masked.

Pure rules on objects already loaded (no queries): an agent reads the transcripts of contacts they handled
themselves; every other role that may open the contact reads it. A masked identifier keeps enough to
recognise it on the phone ("+358 40 ••• ••76") and nothing to dial or mail.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from kohtaamo.workspaces.access import Role

if TYPE_CHECKING:
    from kohtaamo.timeline.models import CustomerIdentity, CustomerMerge, Interaction
    from kohtaamo.workspaces.access import Actor

MASKED_KINDS = ("email", "phone")
DOT = "•"


def may_read_transcript(actor: Actor, interaction: Interaction) -> bool:
    """Agents read their own contacts' transcripts only (the contact's agent is the actor's login)."""
    if actor.role != Role.AGENT:
        return True
    agent = interaction.agent
    return agent is not None and agent.user_id is not None and agent.user_id == actor.user_id


def mask_identifier(kind: str, value: str) -> str:
    """An email as "s•••@example.fi", a phone number with only its first five and last two characters."""
    if kind == "email" and "@" in value:
        local, domain = value.split("@", 1)
        return f"{local[:1]}{DOT * 3}@{domain}"
    if kind == "phone" and len(value) > 7:
        return value[:5] + DOT * (len(value) - 7) + value[-2:]
    return value if kind not in MASKED_KINDS else DOT * 6


def masked_identities(identities: list[CustomerIdentity]) -> list[CustomerIdentity]:
    """Copies of the identities with emails and phone numbers masked (the rows themselves are untouched)."""
    masked = []
    for identity in identities:
        shown = copy.copy(identity)
        if identity.kind in MASKED_KINDS:
            shown.value = mask_identifier(identity.kind, identity.value)
        masked.append(shown)
    return masked


def masked_merges(merges: list[CustomerMerge]) -> list[CustomerMerge]:
    """Copies of the merges whose reasons ("email x seen on both customers") name the identifier masked."""
    masked = []
    for merge in merges:
        shown = copy.copy(merge)
        words = merge.reason.split(" ")
        if len(words) > 1 and words[0] in MASKED_KINDS:
            words[1] = mask_identifier(words[0], words[1])
            shown.reason = " ".join(words)
        masked.append(shown)
    return masked
