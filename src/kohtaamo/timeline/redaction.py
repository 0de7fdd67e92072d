"""Masking personal data in an incoming record's free text, before it is hashed, stored or reported.

No database access (the file parser runs it in a worker process, like ``records``): the workspace's
``Redactor`` (``lib.text.pii``) is made once per import and handed in.
"""

import re
from typing import TYPE_CHECKING, Any

from kohtaamo.lib.text.pii import KINDS, Redactor

if TYPE_CHECKING:
    from kohtaamo.workspaces.models import Workspace

# Attributes that are machine event lines, not free text: a queue_log line's caller id is the identity the
# call is resolved by (stored normalised as the customer's phone anyway), and a later import rebuilds the
# call from the stored lines, so they must stay byte for byte as the phone system wrote them.
MACHINE_ATTRIBUTES = frozenset({"queue_log"})
# A placeholder already in the text ([EMAIL]): masked before it came (a connector's stored copy, a sender
# that masks itself), and counted as masked, so the record's kinds do not depend on who masked it.
_PLACEHOLDER = re.compile(r"\[([A-Z][A-Z0-9_]{0,39})\]")


def redactor_of(workspace: "Workspace") -> Redactor | None:
    """The workspace's personal-data masker (the built-in kinds, then its own patterns), or None when it
    keeps free text as sent.

    Made once per import (or API call), never per record: the parser of every record of the import
    shares it, the file parser's worker process included.
    """
    if not workspace.redact_personal_data:
        return None
    return Redactor(workspace.country or "FI", workspace.redaction_pattern_map())


def masked_text(text: str, redactor: Redactor | None) -> str:
    """One text as it may be stored (a connector's own copy of a message, before it becomes a record)."""
    return redactor.redact(text).text if redactor is not None and text else text


class _Masker:
    """Masks every free text of one record with a workspace's redactor, collecting the kinds removed."""

    def __init__(self, redactor: Redactor) -> None:
        self.redactor = redactor
        self.kinds: dict[str, None] = {}

    def text(self, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        text = self.redactor.redact(value).text
        if "[" in text:  # the kinds in order of first appearance, from the placeholders the text now holds
            for match in _PLACEHOLDER.finditer(text):
                kind = match.group(1).lower()
                if kind in KINDS or kind in self.redactor.patterns:
                    self.kinds[kind] = None
        return text

    def deep(self, value: Any) -> Any:
        """Every string inside an attribute value (nested objects and lists too); keys stay."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {key: self.deep(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.deep(item) for item in value]
        return value

    def attributes(self, value: Any) -> Any:
        if not isinstance(value, dict):
            return value  # the parser refuses it and names the field
        return {key: item if key in MACHINE_ATTRIBUTES else self.deep(item) for key, item in value.items()}


def redact_interaction_data(data: dict, redactor: Redactor) -> tuple[dict, tuple[str, ...]]:
    """The record with personal data masked in its free text: transcript turns, interaction and customer
    attributes. Identity fields (the customer's email, phone, handle, ids, name) stay: they are how the
    person is recognised, and are stored as identities, not as text. Done before anything is hashed or
    stored, so the original is in neither (and not in a rejection: no message quotes a free text)."""
    masker = _Masker(redactor)
    masked = dict(data)
    transcript = data.get("transcript")
    if isinstance(transcript, list):
        masked["transcript"] = [
            {**line, "text": masker.text(line["text"])} if isinstance(line, dict) and "text" in line else line
            for line in transcript
        ]
    if "attributes" in data:
        masked["attributes"] = masker.attributes(data["attributes"])
    customer = data.get("customer")
    if isinstance(customer, dict) and "attributes" in customer:
        masked["customer"] = {**customer, "attributes": masker.attributes(customer["attributes"])}
    return masked, tuple(masker.kinds)


def redact_texts(data: dict, keys: tuple[str, ...], redactor: Redactor) -> tuple[dict, tuple[str, ...]]:
    """The record with the free texts under ``keys`` masked (a survey answer's comment)."""
    masker = _Masker(redactor)
    masked = {**data, **{key: masker.text(data[key]) for key in keys if key in data}}
    return masked, tuple(masker.kinds)
