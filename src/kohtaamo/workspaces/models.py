"""Tenancy: a Workspace is one client brand; everything else belongs to exactly one."""

import hashlib
import zoneinfo
from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .access import Role, WorkspaceOwned


class Workspace(models.Model):
    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Helsinki")
    country = models.CharField(
        _("country"), max_length=2, default="FI", help_text=_("For phone numbers and public holidays.")
    )
    languages = models.JSONField(_("languages"), default=list)
    # Case continuity: a contact on the same reason within this many days joins the customer's case.
    case_window_days = models.PositiveSmallIntegerField(_("case window (days)"), default=7)
    # Identifiers that must never match anybody (test accounts, placeholder numbers), normalised.
    junk_identifiers = models.JSONField(_("junk identifiers"), default=list, blank=True)
    # Admins must log in with a code from an authenticator app before they may act in this workspace.
    require_admin_two_factor = models.BooleanField(_("require two-factor login for admins"), default=False)
    # The workspace's own words for its own keys: {"attribute": {"age_band": {"fi": "Ikäryhmä", "sv": …,
    # "en": …}}, "reason": {"laskutus": {…}}}. Customer attributes and contact reasons come from the
    # workspace's systems, so no translation catalogue can know them (workspaces/labels.py reads this).
    display_labels = models.JSONField(_("display labels"), default=dict, blank=True)
    # Mask email addresses, phone numbers, personal identity codes, IBANs and card numbers in incoming
    # free text (transcripts, comments, attributes) before it is stored: on for every new workspace.
    redact_personal_data = models.BooleanField(_("mask personal data in incoming free text"), default=True)
    # The workspace's own kinds, masked after the built-in ones: [{"name": "order_ref", "pattern": "TIL-\\d{6}"}]
    # in the order they run. Checked when saved (workspaces.forms, lib.text.custom_patterns); only names and
    # expressions, never a text they matched.
    redaction_patterns = models.JSONField(_("own redaction patterns"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("workspace")
        verbose_name_plural = _("workspaces")

    def __str__(self) -> str:
        return self.name

    def redaction_pattern_map(self) -> dict[str, str]:
        """The own redaction patterns as name → regular expression, in the order they run."""
        return {row["name"]: row["pattern"] for row in self.redaction_patterns or []}

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class Membership(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "user"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.workspace} ({self.role})"


class TokenScope(models.TextChoices):
    FULL = "full", _("Read and write")
    READ_ONLY = "read_only", _("Read only")


class ApiToken(models.Model):
    """An integration's key to one workspace; only a SHA-256 of the secret is stored.

    A read-only token keeps only the reading capabilities (``access.READ_ONLY_CAPABILITIES``); a token past
    its ``expires_at`` opens nothing, exactly like a revoked one.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    scope = models.CharField(_("scope"), max_length=20, choices=TokenScope.choices, default=TokenScope.FULL)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def read_only(self) -> bool:
        return self.scope == TokenScope.READ_ONLY

    def is_usable(self, now: datetime) -> bool:
        """Not revoked and not expired at ``now``."""
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    @staticmethod
    def digest_of(secret: str) -> str:
        # Tokens are long random strings, so a plain fast hash is enough (no password stretching).
        return hashlib.sha256(secret.encode()).hexdigest()


class Team(WorkspaceOwned):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="teams")
    key = models.CharField(_("key"), max_length=100)
    name = models.CharField(_("name"), max_length=200)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="led_teams"
    )
    # An outsourcing partner's team is staffed by another company; operations plans it apart.
    partner = models.CharField(_("partner"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["workspace", "key"], name="team_key_unique")]

    def __str__(self) -> str:
        return self.name


class Agent(WorkspaceOwned):
    """A person who handles interactions; may or may not have a login."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="agents")
    key = models.CharField(_("key"), max_length=100)
    name = models.CharField(_("name"), max_length=200)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="agents")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="agents"
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["workspace", "key"], name="agent_key_unique")]

    def __str__(self) -> str:
        return self.name


class Queue(WorkspaceOwned):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="queues")
    key = models.CharField(_("key"), max_length=100)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["workspace", "key"], name="queue_key_unique")]

    def __str__(self) -> str:
        return self.name
