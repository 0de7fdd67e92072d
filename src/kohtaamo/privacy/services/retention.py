"""Retention: personal data older than a workspace's limits is emptied, the rows (and so the figures) stay.

Transcripts are emptied from interactions that started longer ago than ``transcript_months`` (and their
stored recordings deleted); free-text
answers from answers given before ``free_text_months``; notifications sent (or given up) before
``notification_months`` lose their address, subject and text. ``retention_apply(dry_run=True)`` counts
the same rows without changing them: `kohtaamo privacy retention --dry-run` and the settings page show it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime

from django.contrib.auth.models import User
from django.db import models, transaction
from django.utils import timezone

from kohtaamo.connectors.models import Message
from kohtaamo.feedback.models import Answer
from kohtaamo.notify.models import PENDING, Delivery
from kohtaamo.privacy.models import RetentionPolicy
from kohtaamo.timeline.models import Interaction, Recording
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.models import Workspace

from .audit import audit_record

AUDITED = ("transcripts", "recordings", "free_text_answers", "notifications")
RETENTION_FIELDS = ("transcript_months", "free_text_months", "notification_months")


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` calendar months earlier (the month's last day when it is shorter)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    days = [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return moment.replace(year=year, month=month, day=min(moment.day, days[month - 1]))


@dataclass
class RetentionReport:
    """Rows emptied (or, in a dry run, that would be) per kind, and the cut-off each kind used."""

    dry_run: bool
    transcripts: int = 0
    recordings: int = 0  # a call's audio goes when its transcript does
    free_text_answers: int = 0
    notifications: int = 0
    cutoffs: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def _due(policy: RetentionPolicy, now: datetime) -> dict[str, tuple[models.QuerySet, dict[str, object]]]:
    """Per kind: the rows past their limit that still hold the data, and what emptying them sets."""
    workspace = policy.workspace
    due: dict[str, tuple[models.QuerySet, dict[str, object]]] = {}
    if policy.transcript_months:
        cutoff = months_before(now, policy.transcript_months)
        rows: models.QuerySet = Interaction.objects.of(workspace).filter(started_at__lt=cutoff).exclude(transcript=[])
        due["transcripts"] = (rows, {"transcript": []})
    if policy.free_text_months:
        cutoff = months_before(now, policy.free_text_months)
        rows = Answer.objects.of(workspace).filter(answered_at__lt=cutoff).exclude(text="")
        due["free_text_answers"] = (rows, {"text": ""})
    if policy.notification_months:
        cutoff = months_before(now, policy.notification_months)
        rows = (
            Delivery.objects.of(workspace)
            .filter(created_at__lt=cutoff)
            .exclude(status__in=PENDING)
            .exclude(address="", body="", subject="")
        )
        due["notifications"] = (rows, {"address": "", "subject": "", "body": "", "last_error": "", "payload": {}})
    return due


def retention_apply(*, workspace: Workspace, now: datetime | None = None, dry_run: bool = False) -> RetentionReport:
    """Empty what is past the workspace's limits (or only count it); recorded in the audit trail."""
    now = now or timezone.now()
    policy = RetentionPolicy.objects.of(workspace).select_related("workspace").first()
    report = RetentionReport(dry_run=dry_run)
    if policy is None:
        return report
    with transaction.atomic():
        for kind, (rows, emptied) in _due(policy, now).items():
            setattr(report, kind, rows.count() if dry_run else rows.update(**emptied))
        if policy.transcript_months and not dry_run:
            # A connector's copy of old messages goes with the transcripts, or a rebuild would bring them back.
            cutoff = months_before(now, policy.transcript_months)
            Message.objects.of(workspace).filter(at__lt=cutoff).exclude(text="").update(text="")
        if policy.transcript_months:
            cutoff = months_before(now, policy.transcript_months)
            audio = Recording.objects.of(workspace).filter(interaction__started_at__lt=cutoff)
            report.recordings = audio.count() if dry_run else audio.delete()[0]
        for name in RETENTION_FIELDS:
            if months := getattr(policy, name):
                report.cutoffs[name] = months_before(now, months).isoformat()
        if not dry_run:
            RetentionPolicy.objects.of(workspace).filter(pk=policy.pk).update(last_run_at=now)
            audit_record(
                workspace=workspace, action="retention.apply", object_type="workspace", object_id=workspace.pk,
                detail={k: getattr(report, k) for k in AUDITED},
            )  # fmt: skip
    return report


@transaction.atomic
def retention_policy_set(*, actor: Actor, changed_by: User | None = None, **fields: object) -> RetentionPolicy:
    """Change the workspace's retention and masking settings (saved the first time they change)."""
    policy, _created = RetentionPolicy.objects.get_or_create(workspace=actor.workspace)
    for name, value in fields.items():
        setattr(policy, name, value)
    policy.full_clean()
    policy.save()
    audit_record(
        actor=actor, action="settings.change", object_type="retention_policy", object_id=actor.workspace.pk,
        detail={name: value for name, value in fields.items() if isinstance(value, int | bool | None)},
    )  # fmt: skip
    return policy
