"""Connectors, and the conversations and messages they have seen (what makes a redelivery change nothing)."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from kohtaamo.db.secrets import EncryptedJSONField
from kohtaamo.workspaces.access import WorkspaceOwned
from kohtaamo.workspaces.models import Workspace


def new_path_token() -> str:
    """The webhook path's key: 256 random bits, so the path itself cannot be guessed."""
    return secrets.token_urlsafe(32)


class Connector(WorkspaceOwned):
    """One platform feeding one workspace: a WhatsApp number, a Chatwoot account, a mailbox."""

    class Kind(models.TextChoices):
        WHATSAPP = "whatsapp", _("WhatsApp Business")
        CHATWOOT = "chatwoot", _("Chatwoot")
        IMAP = "imap", _("Email (IMAP)")
        SMS = "sms", _("SMS replies")

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="connectors")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    # What is not secret: an IMAP host and port, a mailbox folder. Secrets (app secret, verify token,
    # password) are kept apart, encrypted at rest.
    settings = models.JSONField(_("settings"), default=dict, blank=True)
    secrets = EncryptedJSONField(_("secrets"), default=dict, blank=True)
    # What the connector remembers between runs (an IMAP folder's UIDVALIDITY and last UID).
    state = models.JSONField(default=dict, blank=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    path_token = models.CharField(max_length=64, unique=True, default=new_path_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(_("last data"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="connector_name_unique")]
        verbose_name = _("connector")
        verbose_name_plural = _("connectors")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"

    @property
    def webhook_path(self) -> str:
        return f"/hooks/{self.path_token}/"


class Conversation(WorkspaceOwned):
    """A platform's conversation as the connector saw it: it becomes one interaction, rebuilt as it grows."""

    workspace_path = "connector__workspace"

    connector = models.ForeignKey(Connector, on_delete=models.CASCADE, related_name="conversations")
    # The interaction's external id (with the connector's kind as its source).
    key = models.CharField(max_length=200)
    # The platform's id of the person (a wa_id, a Chatwoot contact id, an address).
    contact = models.CharField(max_length=200)
    started_at = models.DateTimeField()
    customer = models.JSONField(default=dict, blank=True)
    # Facts about the whole conversation: channel, outcome, agent, queue, attributes.
    facts = models.JSONField(default=dict, blank=True)
    # The interaction it became (an email thread: its first message's): how a person's export and
    # erasure find the conversation and its messages (privacy.selectors.export).
    interaction = models.ForeignKey(
        "timeline.Interaction", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["connector", "key"], name="connector_conversation_unique")]
        indexes = [models.Index(fields=["connector", "contact", "started_at"], name="conversation_contact_idx")]


class Message(WorkspaceOwned):
    """One message of a conversation, by the platform's id: stored once, whatever is redelivered."""

    workspace_path = "connector__workspace"

    connector = models.ForeignKey(Connector, on_delete=models.CASCADE, related_name="messages")
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    message_id = models.CharField(max_length=200)
    at = models.DateTimeField()
    speaker = models.CharField(max_length=20)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [models.UniqueConstraint(fields=["connector", "message_id"], name="connector_message_unique")]
