"""The audit trail, the record of erasures, and how long each kind of personal data is kept.

None of these rows holds a customer's personal data: an erasure names the customer by id only, and an
audit event's ``detail`` is checked to be small and free of text a person typed (``services.audit``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kohtaamo.workspaces.access import WorkspaceOwned, WorkspaceQuerySet
from kohtaamo.workspaces.models import ApiToken, Workspace


class AppendOnly(Exception):
    """An audit event was about to be changed or deleted: the trail is append-only."""


class AuditQuerySet(WorkspaceQuerySet):
    """The door's queryset without the bulk writes: an audit event cannot be changed or removed in bulk."""

    def update(self, **kwargs: object) -> int:
        raise AppendOnly("audit events cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnly("audit events cannot be deleted")


class AuditEvent(WorkspaceOwned):
    """One thing someone did or read in a workspace: who, what, on which object, when, from where."""

    # The trail outlives its workspace: deleting a workspace (the demo rebuilding its own) leaves the events,
    # so no cascade may delete them (the database refuses anyway) and no constraint may stop the deletion.
    workspace = models.ForeignKey(
        Workspace, on_delete=models.DO_NOTHING, db_constraint=False, related_name="audit_events"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    token = models.ForeignKey(ApiToken, null=True, blank=True, on_delete=models.SET_NULL)
    # Who acted, as it read then ("aino@voima.fi", "token kht_abc123", "system"): survives a deleted user.
    actor_label = models.CharField(_("actor"), max_length=200)
    action = models.CharField(_("action"), max_length=50)
    object_type = models.CharField(_("object type"), max_length=50, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    client_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    at = models.DateTimeField(_("time"), db_index=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = AuditQuerySet.as_manager()
    user_id: int | None
    token_id: int | None

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["workspace", "action", "at"]), models.Index(fields=["workspace", "at"])]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise AppendOnly("audit events cannot be changed")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AppendOnly("audit events cannot be deleted")


class Erasure(WorkspaceOwned):
    """A customer's personal data was erased: by whom, when, and how many rows were touched (no personal data)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="erasures")
    # The id only, not a foreign key: the record must not depend on (or point back into) the erased person.
    customer_id = models.BigIntegerField(_("customer id"))
    erased_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    erased_by_label = models.CharField(_("erased by"), max_length=200)
    erased_at = models.DateTimeField(_("erased"))
    # Rows changed per table, e.g. {"timeline.interaction": 12}: proof of what was done, not what it held.
    rows = models.JSONField(_("rows"), default=dict)

    class Meta:
        ordering = ["-erased_at"]
        indexes = [models.Index(fields=["workspace", "customer_id"])]
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")

    def __str__(self) -> str:
        return f"customer {self.customer_id} erased {self.erased_at:%Y-%m-%d}"


class RetentionPolicy(WorkspaceOwned):
    """How long a workspace keeps each kind of personal data; empty means kept until erased."""

    workspace = models.OneToOneField(Workspace, on_delete=models.CASCADE, related_name="retention_policy")
    transcript_months = models.PositiveSmallIntegerField(_("transcripts (months)"), null=True, blank=True)
    free_text_months = models.PositiveSmallIntegerField(_("free-text answers (months)"), null=True, blank=True)
    notification_months = models.PositiveSmallIntegerField(_("notifications (months)"), null=True, blank=True)
    # Least privilege: agents see phone numbers and email addresses masked on pages.
    mask_identifiers_for_agents = models.BooleanField(_("mask phone and email for agents"), default=False)
    last_run_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("retention policy")
        verbose_name_plural = _("retention policies")

    def __str__(self) -> str:
        return f"retention of {self.workspace}"
