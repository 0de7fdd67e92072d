"""Incidents, their updates, and the outbox of messages each update sends to the customers it affects."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kohtaamo.db.secrets import EncryptedJSONField
from kohtaamo.outbound import OutboundRefused, host_check, url_check
from kohtaamo.timeline.models import Customer
from kohtaamo.workspaces.access import WorkspaceOwned
from kohtaamo.workspaces.models import Workspace

MESSAGE_LANGUAGES = ("fi", "sv", "en")


class Incident(WorkspaceOwned):
    """Something that affects customers and that they should hear about from us before they call."""

    class Kind(models.TextChoices):
        OUTAGE = "outage", _("Outage")
        DISRUPTION = "disruption", _("Disruption")
        MAINTENANCE = "maintenance", _("Maintenance")
        WARNING = "warning", _("Warning")

    class Status(models.TextChoices):
        WARNING = "warning", _("Warning")
        INVESTIGATING = "investigating", _("Investigating")
        IDENTIFIED = "identified", _("Identified")
        REPAIRING = "repairing", _("Repairing")
        MONITORING = "monitoring", _("Monitoring")
        RESOLVED = "resolved", _("Resolved")
        CANCELLED = "cancelled", _("Cancelled")

    class Severity(models.TextChoices):
        MINOR = "minor", _("Minor")
        MAJOR = "major", _("Major")
        CRITICAL = "critical", _("Critical")

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="incidents")
    # The operational system's own id: sending the same incident again updates it instead of duplicating it.
    external_id = models.CharField(_("external id"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.MAJOR)
    # {"fi": "...", "sv": "...", "en": "..."}: customers read it in their own language.
    title = models.JSONField(_("title"), default=dict)
    message = models.JSONField(_("message"), default=dict, blank=True)
    postal_codes = models.JSONField(_("postal codes"), default=list, blank=True)
    areas = models.JSONField(_("areas"), default=list, blank=True)
    customer_ids = models.JSONField(_("customer ids"), default=list, blank=True)
    asset_ids = models.JSONField(_("asset ids"), default=list, blank=True)
    # {"attribute": value or [values], ...}: every attribute must match.
    segment = models.JSONField(_("segment rule"), default=dict, blank=True)
    eta = models.DateTimeField(_("estimated fix"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=20, default="ui")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["workspace", "external_id"], name="incident_external_id_unique")]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")

    def __str__(self) -> str:
        return self.title_in("en") or self.external_id

    @property
    def is_over(self) -> bool:
        return self.status in (self.Status.RESOLVED, self.Status.CANCELLED)

    def title_in(self, language: str) -> str:
        return text_in(self.title, language)


def text_in(texts: dict, language: str) -> str:
    """The text in ``language``, else in English, Finnish or Swedish: a customer never gets an empty message."""
    for code in (language, "en", "fi", "sv", *texts):
        if texts.get(code):
            return texts[code]
    return ""


class IncidentUpdate(WorkspaceOwned):
    """One change of an incident (declared, status, ETA, all-clear); the unit a customer is notified of."""

    class Event(models.TextChoices):
        DECLARED = "declared", _("Declared")
        STATUS = "status", _("Status changed")
        ETA = "eta", _("Estimate changed")
        NOTE = "note", _("Note")
        ALL_CLEAR = "all_clear", _("All clear")

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE)
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="updates")
    sequence = models.PositiveIntegerField(_("number"))
    event = models.CharField(_("event"), max_length=20, choices=Event.choices)
    status = models.CharField(_("status"), max_length=20, choices=Incident.Status.choices)
    eta = models.DateTimeField(_("estimated fix"), null=True, blank=True)
    previous_eta = models.DateTimeField(null=True, blank=True)
    note = models.JSONField(_("note"), default=dict, blank=True)
    # Worth an SMS under storm control: declared, all-clear, or an ETA moved more than the threshold.
    material = models.BooleanField(_("material"), default=False)
    notify = models.BooleanField(_("notify customers"), default=True)
    channels = models.JSONField(_("channels"), default=list, blank=True)
    # What the fan-out decided, e.g. {"queued": 812, "held": 40, "opted_out": 12, "no_channel": 3}.
    outcome = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(_("time"))

    class Meta:
        ordering = ["incident", "sequence"]
        constraints = [models.UniqueConstraint(fields=["incident", "sequence"], name="incident_update_sequence")]
        verbose_name = _("incident update")
        verbose_name_plural = _("incident updates")

    def __str__(self) -> str:
        return f"{self.incident_id}#{self.sequence} {self.event}"


class NotifyChannel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")
    WEBHOOK = "webhook", _("Webhook")
    APPRISE = "apprise", _("Apprise")
    # Events for other systems (signed webhooks, Slack and Teams alerts): one row per subscription.
    EVENTS = "events", _("Integration events")


class ChannelConfig(WorkspaceOwned):
    """How one workspace sends on one channel, and how fast."""

    class Mode(models.TextChoices):
        LIVE = "live", _("Live")
        # Records the message as sent without sending it: for the demo and for trying templates out.
        LOG = "log", _("Log only")

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="notify_channels")
    channel = models.CharField(_("channel"), max_length=20, choices=NotifyChannel.choices)
    enabled = models.BooleanField(_("enabled"), default=True)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.LIVE)
    rate_per_second = models.FloatField(_("messages per second"), default=20.0)
    # email: from_email, host, port, username, use_tls; sms/webhook: url; apprise: url (a template with
    # {phone}, {email} or {external_id}). The secrets (SECRET_OPTIONS) are kept apart, encrypted.
    options = models.JSONField(_("options"), default=dict, blank=True)
    secrets = EncryptedJSONField(_("secrets"), default=dict, blank=True)
    quiet_hours = models.BooleanField(_("respect quiet hours"), default=True)
    workers = models.PositiveSmallIntegerField(_("parallel workers"), default=2)
    # The global send budget: the next free send slot, shared by every worker (throttling per channel).
    next_slot_at = models.DateTimeField(null=True, blank=True)
    # A drain task is queued to run at this time; avoids queueing one per update.
    drain_due_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["channel"]
        constraints = [models.UniqueConstraint(fields=["workspace", "channel"], name="channel_config_unique")]
        verbose_name = _("channel settings")
        verbose_name_plural = _("channel settings")

    def __str__(self) -> str:
        return f"{self.workspace_id}:{self.channel}"

    def clean(self) -> None:
        """Destinations must be http(s) and not this server's own or private networks (see ``outbound``)."""
        if not isinstance(self.options, dict):
            raise ValidationError({"options": _("must be a JSON object")})
        problem = _destination_problem(self.channel, self.options)
        if problem:
            raise ValidationError({"options": problem})


def _destination_problem(channel: str, options: dict) -> str | None:
    try:
        if channel in (NotifyChannel.SMS, NotifyChannel.WEBHOOK) and options.get("url"):
            url_check(str(options["url"]))
        elif channel == NotifyChannel.APPRISE and options.get("url"):
            # A template such as ntfys://host/{external_id}: the host is what must be allowed.
            host_check(urlsplit(str(options["url"]).replace("{", "").replace("}", "")).hostname or "")
        elif channel == NotifyChannel.EMAIL and options.get("host"):
            host_check(str(options["host"]))
    except (OutboundRefused, ValueError) as problem:
        return str(problem)
    return None


SECRET_OPTIONS = ("password", "token", "secret")
"""SMTP password, SMS/webhook bearer token, webhook signing secret: stored encrypted, never shown again."""


class NotifyPolicy(WorkspaceOwned):
    """A workspace's rules for when and how often customers are notified."""

    workspace = models.OneToOneField(Workspace, on_delete=models.CASCADE, related_name="notify_policy")
    quiet_start = models.PositiveSmallIntegerField(_("quiet hours start"), default=21)
    quiet_end = models.PositiveSmallIntegerField(_("quiet hours end"), default=8)
    eta_threshold_minutes = models.PositiveIntegerField(_("material ETA change (minutes)"), default=60)
    coalesce_minutes = models.PositiveIntegerField(_("coalescing window (minutes)"), default=5)
    cap_per_incident = models.PositiveSmallIntegerField(_("messages per customer per incident"), default=6)
    max_attempts = models.PositiveSmallIntegerField(_("attempts before dead letter"), default=5)

    class Meta:
        verbose_name = _("notification policy")
        verbose_name_plural = _("notification policies")

    def __str__(self) -> str:
        return str(self.workspace_id)


class WebhookSubscription(WorkspaceOwned):
    """Where a workspace wants to hear of events: a signed JSON webhook, or a Slack or Teams alert."""

    class Kind(models.TextChoices):
        SIGNED = "signed", _("Signed JSON webhook")
        SLACK = "slack", _("Slack alert")
        TEAMS = "teams", _("Microsoft Teams alert")

    class Event(models.TextChoices):
        INTERACTION_CREATED = "interaction.created", _("Interaction created")
        RESPONSE_CREATED = "response.created", _("Survey response received")
        DETRACTOR_CREATED = "detractor.created", _("Detractor response received")
        FOLLOWUP_OVERDUE = "followup.overdue", _("Follow-up overdue")
        EVALUATION_SUBMITTED = "evaluation.submitted", _("Evaluation submitted")
        DISPUTE_OPENED = "dispute.opened", _("Dispute opened")
        INCIDENT_UPDATED = "incident.updated", _("Incident updated")

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="webhook_subscriptions")
    name = models.CharField(_("name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SIGNED)
    url = models.CharField(_("URL"), max_length=1000)
    events = models.JSONField(_("events"), default=list)
    # {"secret": "whsec_…"}: the signing key, shown once when the subscription is made, kept encrypted.
    secrets = EncryptedJSONField(default=dict, blank=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")

    def __str__(self) -> str:
        return self.name or self.url

    def clean(self) -> None:
        """An http(s) URL outside private networks; known events, and only the alert ones for chat apps."""
        try:
            url_check(self.url)
        except OutboundRefused as problem:
            raise ValidationError({"url": str(problem)}) from None
        events = self.events if isinstance(self.events, list) else None
        allowed = set(self.Event.values) if self.kind == self.Kind.SIGNED else set(ALERT_EVENTS)
        if not events or not all(isinstance(e, str) and e in allowed for e in events):
            choices = ", ".join(sorted(allowed))
            raise ValidationError({"events": _("choose one or more of: %(events)s") % {"events": choices}})
        self.events = sorted(set(events))


ALERT_EVENTS = (WebhookSubscription.Event.DETRACTOR_CREATED.value, WebhookSubscription.Event.FOLLOWUP_OVERDUE.value)
"""What a Slack or Teams channel is told about: the events a person should act on."""


class Delivery(WorkspaceOwned):
    """One message to one customer about one update, or one event to one subscription: the outbox row."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        HELD = "held", _("Held for quiet hours")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed, will retry")
        DEAD = "dead", _("Dead letter")
        SUPERSEDED = "superseded", _("Replaced by a newer update")

    class DeadReason(models.TextChoices):
        REFUSED = "refused", _("Refused by the provider")
        GAVE_UP = "gave_up", _("Too many failed attempts")
        UNKNOWN = "unknown", _("Outcome unknown: not resent automatically")
        CONFIG = "config", _("Channel not configured")
        OPTED_OUT = "opted_out", _("The customer opted out")

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE)
    # An incident message has all three; an event has none of the first two and the customer it concerns
    # (if any), so that a person's export and erasure include it.
    incident = models.ForeignKey(Incident, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries")
    update = models.ForeignKey(IncidentUpdate, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="deliveries")  # fmt: skip
    customer = models.ForeignKey(Customer, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="incident_deliveries")  # fmt: skip
    subscription = models.ForeignKey(WebhookSubscription, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="deliveries")  # fmt: skip
    event = models.CharField(_("event"), max_length=40, blank=True)
    # The event as sent ({"id", "type", "created_at", "workspace", "data"}); the signed body is its JSON.
    payload = models.JSONField(default=dict, blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=NotifyChannel.choices)
    language = models.CharField(_("language"), max_length=8)
    address = models.CharField(_("address"), max_length=320)
    # Sent with the message (Message-ID, Idempotency-Key header) so a provider can drop a duplicate too.
    idempotency_key = models.CharField(max_length=64, unique=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.QUEUED)
    dead_reason = models.CharField(_("reason"), max_length=10, choices=DeadReason.choices, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    # A worker's claim on a queued row (a lease): expires, so a crashed worker's unsent rows go back.
    claimed_by = models.CharField(max_length=100, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    provider_message_id = models.CharField(_("provider message id"), max_length=200, blank=True)
    # Where the permission to message came from, e.g. "service_sms: crm" or "default".
    consent_source = models.CharField(_("consent source"), max_length=100, blank=True)
    quiet_override = models.BooleanField(_("sent during quiet hours"), default=False)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("queued"))
    sending_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["update", "customer"], name="delivery_once_per_update")]
        indexes = [
            models.Index(fields=["workspace", "channel", "status", "next_attempt_at"], name="delivery_ready"),
            models.Index(fields=["incident", "status"], name="delivery_incident_status"),
            models.Index(fields=["customer", "created_at"], name="delivery_customer"),
        ]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return f"{self.channel} → {self.customer_id} ({self.status})"


PENDING = (Delivery.Status.QUEUED, Delivery.Status.HELD, Delivery.Status.FAILED)
