"""Closing the loop: the team lead records the call-back and its outcome."""

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from kohtaamo.feedback.models import FollowUp


@transaction.atomic
def follow_up_record(
    *,
    follow_up: FollowUp,
    user: AbstractBaseUser | None,
    outcome: str,
    notes: str = "",
    called_back_at: datetime | None = None,
) -> FollowUp:
    """Record the call-back's notes and outcome and close the follow-up."""
    follow_up.outcome = outcome
    follow_up.notes = notes.strip()
    follow_up.called_back_at = called_back_at or timezone.now()
    follow_up.status = FollowUp.Status.DONE
    follow_up.closed_by = user
    follow_up.full_clean()
    follow_up.save(update_fields=["outcome", "notes", "called_back_at", "status", "closed_by", "updated_at"])
    return follow_up
