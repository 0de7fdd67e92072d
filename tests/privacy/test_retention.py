"""Retention: personal data past the workspace's limits is emptied daily; a dry run only counts it."""

from datetime import UTC, datetime, timedelta

from django.utils import timezone

from kohtaamo.cli import main
from kohtaamo.feedback.models import Answer
from kohtaamo.notify.models import Delivery
from kohtaamo.privacy.models import AuditEvent, RetentionPolicy
from kohtaamo.privacy.services.retention import months_before, retention_apply, retention_policy_set
from kohtaamo.privacy.tasks import retention_enforce
from kohtaamo.timeline.models import Interaction, Recording
from kohtaamo.workspaces.access import Actor
from tests.factories import login

from .conftest import SAARA


def _age_saaras_first_contact(household, days: int) -> None:
    old = timezone.now() - timedelta(days=days)
    Interaction.objects.filter(pk=household["first"].pk).update(started_at=old)
    Answer.objects.filter(interaction=household["first"]).update(answered_at=old)
    Delivery.objects.filter(customer=household["saara"]).update(created_at=old)


def _limits(voima, **months):
    return retention_policy_set(actor=Actor.system(voima), **months)


def test_months_are_calendar_months():
    assert months_before(datetime(2026, 3, 31, 12, tzinfo=UTC), 1) == datetime(2026, 2, 28, 12, tzinfo=UTC)
    assert months_before(datetime(2026, 1, 15, tzinfo=UTC), 12) == datetime(2025, 1, 15, tzinfo=UTC)
    assert months_before(datetime(2024, 3, 30, tzinfo=UTC), 1) == datetime(2024, 2, 29, tzinfo=UTC)


def test_a_dry_run_counts_and_changes_nothing_then_the_run_empties_only_old_data(household, voima):
    _age_saaras_first_contact(household, days=800)
    _limits(voima, transcript_months=12, free_text_months=24, notification_months=6)
    dry = retention_apply(workspace=voima, dry_run=True)
    assert (dry.transcripts, dry.free_text_answers, dry.notifications) == (1, 1, 1)
    assert dry.recordings == 1 and Recording.objects.filter(interaction=household["first"]).exists()
    assert Interaction.objects.get(pk=household["first"].pk).transcript != []
    counts = (Interaction.objects.count(), Answer.objects.count(), Delivery.objects.count())

    done = retention_apply(workspace=voima)
    assert (done.transcripts, done.free_text_answers, done.notifications) == (1, 1, 1)
    assert Interaction.objects.get(pk=household["first"].pk).transcript == []
    assert done.recordings == 1 and not Recording.objects.exists()
    assert not Answer.objects.filter(text=SAARA["comment"]).exists()
    assert Answer.objects.filter(text="fine service").exists()  # Bertta's is recent
    assert Delivery.objects.filter(customer=household["saara"]).get().address == ""
    assert Delivery.objects.filter(customer=household["bertta"]).get().address != ""
    assert (Interaction.objects.count(), Answer.objects.count(), Delivery.objects.count()) == counts
    assert Interaction.objects.exclude(transcript=[]).count() == 4  # the recent calls and chat keep theirs
    assert retention_apply(workspace=voima, dry_run=True).transcripts == 0
    assert AuditEvent.objects.get(action="retention.apply").detail["transcripts"] == 1


def test_without_limits_nothing_is_emptied(household, voima):
    _age_saaras_first_contact(household, days=4000)
    report = retention_apply(workspace=voima)
    assert report.cutoffs == {} and Interaction.objects.exclude(transcript=[]).count() == 5  # 4 calls, 1 chat


def test_the_daily_task_applies_and_books_the_next_run_once(household, voima):
    _age_saaras_first_contact(household, days=400)
    _limits(voima, transcript_months=12)
    assert retention_enforce.call(voima.pk)["transcripts"] == 1
    assert RetentionPolicy.objects.get().last_run_at is not None
    assert retention_enforce.call(voima.pk) == {"skipped": True}  # a second chain stops itself


def test_the_command_prints_what_a_dry_run_would_empty(household, voima, capsys):
    _age_saaras_first_contact(household, days=400)
    _limits(voima, transcript_months=12)
    assert main(["privacy", "retention", "--workspace", "voima", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "transcripts: would empty 1" in out
    assert Interaction.objects.exclude(transcript=[]).count() == 5  # four calls and a chat
    assert main(["privacy", "retention", "--workspace", "voima"]) == 0
    assert "transcripts: emptied 1" in capsys.readouterr().out


def test_admins_set_the_limits_on_a_page_that_previews_the_run(client, household, voima, people):
    _age_saaras_first_contact(household, days=400)
    login(client, people["aino"])
    response = client.post(
        "/w/voima/privacy/settings/", {"transcript_months": "12", "free_text_months": "", "notification_months": ""}
    )
    assert response.status_code == 302
    policy = RetentionPolicy.objects.get()
    assert (policy.transcript_months, policy.free_text_months) == (12, None)
    assert AuditEvent.objects.filter(action="settings.change", user=people["aino"]).exists()
    assert "1 transcript" in client.get("/w/voima/privacy/settings/").content.decode()  # the worker has not run
    assert client.post("/w/voima/privacy/settings/", {"transcript_months": "-3"}).status_code == 200
    client.logout()
    assert login(client, people["cecilia"]).get("/w/voima/privacy/settings/").status_code == 403
