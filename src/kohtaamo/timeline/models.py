"""Customers, their identities, interactions on every channel, and the cases that tie them together."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kohtaamo.lib.readable import case_label
from kohtaamo.workspaces.access import WorkspaceOwned
from kohtaamo.workspaces.models import Agent, Queue, Team, Workspace

from .channels import CHANNELS

# The choices come from the pure list the record parser shares (channels.py).
Channel = models.TextChoices(
    "Channel",
    [(value.upper(), (value, _(label))) for value, label in CHANNELS.items()],
    module=__name__,
)
CHANNEL_LABELS = dict(Channel.choices)


def channel_label(value: str) -> str:
    """A channel as people name it, in the page's language ("In person"), wherever a channel is shown.

    Copies of the channel (an evaluation's, a forecast's) are plain strings without the model's choices;
    a value no longer in the list reads with its underscores as spaces rather than as a raw key.
    """
    label = CHANNEL_LABELS.get(value)
    return str(label) if label is not None else value.replace("_", " ")


# The outcomes the shipped importers and the demo write; a workspace's own outcome reads as a word.
OUTCOME_LABELS = {
    "resolved": _("resolved"),
    "unresolved": _("unresolved"),
    "escalated": _("escalated"),
    "transferred": _("transferred"),
    "abandoned": _("abandoned"),
}


def outcome_label(value: str) -> str:
    """An interaction's outcome as people name it, in the page's language ("ratkaistu" for ``resolved``).

    Outcomes are free text from the workspace's systems; the common ones are translated, any other
    reads with its underscores as spaces rather than as a raw key.
    """
    label = OUTCOME_LABELS.get(value)
    return str(label) if label is not None else value.replace("_", " ")


class Direction(models.TextChoices):
    INBOUND = "inbound", _("Inbound")
    OUTBOUND = "outbound", _("Outbound")


class IdentityKind(models.TextChoices):
    EXTERNAL_ID = "external_id", _("External id")
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")
    HANDLE = "handle", _("Channel handle")


class Customer(WorkspaceOwned):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="customers", db_index=False)
    name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=16, blank=True, db_index=True)
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    preferred_channel = models.CharField(_("preferred channel"), max_length=20, blank=True)
    # Consent flags with their source, e.g. {"service_sms": {"value": true, "source": "crm"}}.
    consent = models.JSONField(_("consent"), default=dict, blank=True)
    # A merged customer is kept (not deleted) so the merge can be undone.
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["workspace", "name"])]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")

    def __str__(self) -> str:
        return self.name or f"#{self.pk}"


class CustomerIdentity(WorkspaceOwned):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, db_index=False)
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="identities")
    kind = models.CharField(_("kind"), max_length=20, choices=IdentityKind.choices)
    # Normalised: E.164 phone, case-folded email, "whatsapp:…" handle.
    value = models.CharField(_("value"), max_length=320)
    # Seen with another customer whose external id differs (a family landline): kept by the first owner.
    shared = models.BooleanField(_("shared"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "kind", "value"], name="identity_unique_per_workspace")
        ]
        indexes = [models.Index(fields=["workspace", "value"])]

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"


class CustomerMerge(WorkspaceOwned):
    """Why two customers became one, and exactly what moved, so the merge can be undone."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE)
    survivor = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="merges_in")
    merged = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="merges_out")
    reason = models.CharField(_("reason"), max_length=500)
    moved_identity_ids = models.JSONField(default=list)
    moved_interaction_ids = models.JSONField(default=list)
    moved_case_ids = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.merged_id} → {self.survivor_id}: {self.reason}"


class Case(WorkspaceOwned):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="cases", db_index=False)
    customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases", db_index=False
    )
    ref = models.CharField(_("reference"), max_length=200, null=True, blank=True)
    contact_reason = models.CharField(_("contact reason"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(_("opened"))
    last_contact_at = models.DateTimeField(_("last contact"))
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "ref"], condition=models.Q(ref__isnull=False), name="case_ref_unique"
            )
        ]
        indexes = [
            models.Index(fields=["workspace", "customer", "contact_reason", "last_contact_at"]),
            models.Index(fields=["customer", "status"]),
        ]

    def __str__(self) -> str:
        return case_label(self.ref, self.pk)


class Interaction(WorkspaceOwned):
    """One contact on one channel."""

    # Indexes are chosen for a million-row import: every extra index costs each insert. The composite
    # indexes below start with workspace, customer and case, so those foreign keys need none of their own.
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="interactions", db_index=False)
    source = models.CharField(_("source"), max_length=100, default="api")
    external_id = models.CharField(_("external id"), max_length=200)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default="inbound")
    started_at = models.DateTimeField(_("started"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    wait_seconds = models.FloatField(_("wait (s)"), null=True, blank=True)
    handle_seconds = models.FloatField(_("handle (s)"), null=True, blank=True)
    wrap_seconds = models.FloatField(_("wrap-up (s)"), null=True, blank=True)
    abandoned = models.BooleanField(_("abandoned"), default=False)
    outcome = models.CharField(_("outcome"), max_length=50, blank=True)
    queue = models.ForeignKey(Queue, null=True, blank=True, on_delete=models.SET_NULL)
    agent = models.ForeignKey(Agent, null=True, blank=True, on_delete=models.SET_NULL)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL)
    customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.SET_NULL, related_name="interactions", db_index=False
    )
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="interactions", db_index=False
    )
    contact_reason = models.CharField(_("contact reason"), max_length=200, blank=True)
    is_repeat = models.BooleanField(_("repeat contact"), default=False)
    transcript = models.JSONField(_("transcript"), default=list, blank=True)
    recording_url = models.URLField(_("recording"), max_length=1000, blank=True)
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    # A hash of the canonical record: re-sending an identical record is detected without a diff.
    content_hash = models.CharField(max_length=32)
    # The kinds of personal data masked in its free text on ingest ("email", "phone", …), each once.
    redacted_kinds = models.JSONField(_("personal data masked"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "source", "external_id"], name="interaction_unique_per_source")
        ]
        indexes = [
            models.Index(fields=["workspace", "started_at"]),
            models.Index(fields=["customer", "started_at"]),
            models.Index(fields=["case", "started_at"]),
        ]
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")

    def __str__(self) -> str:
        return f"{self.channel} {self.external_id}"


class Recording(WorkspaceOwned):
    """A call's audio kept by Kohtaamo itself, played in the browser from this server only.

    Contact centres usually keep recordings in their telephony system (``Interaction.recording_url``
    links there); this table is for audio handed to Kohtaamo (the demo's calls). The bytes live in the
    database so a recording is scoped, exported and erased exactly like the interaction it belongs to.
    """

    workspace_path = "interaction__workspace"
    MAX_BYTES = 5 * 1024 * 1024

    interaction = models.OneToOneField(Interaction, on_delete=models.CASCADE, related_name="recording")
    content_type = models.CharField(_("format"), max_length=50, default="audio/wav")
    audio = models.BinaryField(_("audio"))
    seconds = models.FloatField(_("length (s)"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("recording")
        verbose_name_plural = _("recordings")

    def __str__(self) -> str:
        return f"recording #{self.pk}"
