"""Invitations from trigger rules (abandoned, fatigue, sampling, filters), sending by email, and the CLI."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from kohtaamo.cli import main
from kohtaamo.feedback.models import Answer, Invitation
from kohtaamo.feedback.services.invitations import invitations_generate
from kohtaamo.feedback.services.sending import invitations_send
from kohtaamo.feedback.services.surveys import trigger_create
from tests.feedback.conftest import interaction

NOW = timezone.now


@pytest.fixture
def rule(survey):
    return trigger_create(survey=survey, name="After phone calls", channels=["phone"], delay_minutes=30)


def run_rule(rule):
    rule.refresh_from_db()
    return invitations_generate(trigger=rule, now=NOW())


def test_a_matching_contact_gets_an_invitation_with_its_facts(rule, contact):
    report = run_rule(rule)
    invitation = Invitation.objects.get()
    assert report.created == 1
    assert (invitation.interaction, invitation.agent_id, invitation.team_id, invitation.case_id) == (
        contact, contact.agent_id, contact.team_id, contact.case_id
    )  # fmt: skip
    assert invitation.send_after == contact.ended_at + timedelta(minutes=30)
    assert invitation.email.endswith("@example.fi") and len(invitation.token) >= 32


def test_an_abandoned_contact_is_never_surveyed(rule, voima):
    interaction(voima, abandoned=True)
    assert run_rule(rule).created == 0


def test_a_customer_is_invited_at_most_once_in_the_fatigue_window(rule, voima):
    first = interaction(voima)
    customer = {"external_id": first.customer.identities.get(kind="external_id").value}
    interaction(voima, customer=customer)
    report = run_rule(rule)
    assert (report.created, report.fatigued) == (1, 1)


def test_a_customer_may_be_invited_again_after_the_fatigue_window(rule, voima):
    first = interaction(voima)
    Invitation.objects.create(
        workspace=voima, survey=rule.survey, token="old", customer=first.customer,
        send_after=NOW() - timedelta(days=31), expires_at=NOW() - timedelta(days=17),
    )  # fmt: skip
    assert run_rule(rule).created == 1


def test_other_channels_do_not_match(rule, voima):
    interaction(voima, channel="chat")
    assert run_rule(rule).considered == 0


def test_sampling_invites_about_the_given_share(survey, voima):
    sampled_rule = trigger_create(survey=survey, name="Sampled", sampling_rate=0.3, fatigue_days=0)
    for _ in range(60):
        interaction(voima)
    report = run_rule(sampled_rule)
    assert report.created + report.not_sampled == 60
    assert 6 <= report.created <= 32


def test_running_the_rule_twice_adds_nothing(rule, contact):
    run_rule(rule)
    rule.checked_until = None
    rule.save()
    assert run_rule(rule).created == 0 and Invitation.objects.count() == 1


def test_due_invitations_are_emailed_in_the_customers_language_with_score_links(rule, contact):
    run_rule(rule)
    Invitation.objects.update(language="sv")
    report = invitations_send(workspace=contact.workspace, now=NOW() + timedelta(hours=1))
    assert report.sent == 1
    message = mail.outbox[0]
    token = Invitation.objects.get().token
    assert message.to == [Invitation.objects.get().email]
    assert "Hur nöjd var du" in message.body and f"/s/{token}/?csat=1" in message.body
    assert Invitation.objects.get().status == Invitation.Status.SENT


def test_an_invitation_is_not_sent_before_it_is_due(rule, contact):
    run_rule(rule)
    assert invitations_send(workspace=contact.workspace, now=NOW() - timedelta(days=1)).sent == 0
    assert mail.outbox == []


@pytest.fixture
def run(capsys):
    def run(*argv):
        code = main(list(argv))
        return code, *capsys.readouterr()

    return run


def test_the_cli_invites_sends_and_exports(run, rule, contact, tmp_path):
    code, out, _ = run("feedback", "invite", "--workspace", "voima")
    assert code == 0 and "1 invited" in out
    Invitation.objects.update(send_after=NOW() - timedelta(minutes=1))
    code, out, _ = run("feedback", "send", "--workspace", "voima")
    assert code == 0 and "1 sent" in out and len(mail.outbox) == 1
    code, out, _ = run("feedback", "export", "--workspace", "voima", "--output", str(tmp_path / "i.csv"))
    assert code == 0 and f"/s/{Invitation.objects.get().token}/" in (tmp_path / "i.csv").read_text()


def test_the_cli_imports_answers_and_reports_bad_lines(run, contact, tmp_path):
    lines = [
        {"external_id": "a1", "interaction_external_id": contact.external_id, "type": "csat", "value": 5,
         "answered_at": "2026-03-02T10:00:00+02:00"},
        {"external_id": "a2", "type": "csat", "value": 7, "answered_at": "2026-03-02T10:00:00+02:00"},
    ]  # fmt: skip
    path = tmp_path / "answers.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines) + "not json\n", encoding="utf-8")
    code, out, _ = run("feedback", "import", str(path), "--workspace", "voima", "--source", "qualtrics")
    assert code == 1 and "1 created" in out and "2 rejected" in out
    rejects = [json.loads(line) for line in (tmp_path / "answers.jsonl.rejects.jsonl").read_text().splitlines()]
    assert [(r["line"], r["errors"][0]["field"]) for r in rejects] == [(2, "value"), (3, "line")]
    assert Answer.objects.get().source == "qualtrics"
    assert run("feedback", "import", str(path), "--workspace", "voima", "--source", "qualtrics")[1].count("1 unchanged")


def test_the_cli_imports_csv_with_customer_columns(run, contact, tmp_path):
    email = contact.customer.identities.get(kind="email").value
    path = tmp_path / "answers.csv"
    path.write_text(
        f"external_id,customer_email,type,value,answered_at,comment\nc1,{email},nps,9,2026-03-02T10:00:00+02:00,Hyvä\n",
        encoding="utf-8",
    )
    code, out, _ = run("feedback", "import", str(path), "--workspace", "voima")
    answer = Answer.objects.get()
    assert code == 0 and (answer.customer_id, answer.value, answer.text) == (contact.customer_id, 9, "Hyvä")


def test_an_unknown_workspace_is_a_clear_cli_error(run, db):
    code, _, err = run("feedback", "invite", "--workspace", "nope")
    assert code == 2 and "nope" in err


def test_a_relationship_survey_invites_a_segment_not_recently_invited(run, rule, voima, survey):
    business = interaction(voima, customer={"external_id": "B-1", "attributes": {"segment": "business"}})
    invited_lately = interaction(voima, customer={"external_id": "B-2", "attributes": {"segment": "business"}})
    interaction(voima, customer={"external_id": "H-1", "attributes": {"segment": "household"}})
    Invitation.objects.create(
        workspace=voima, survey=survey, token="recent", customer=invited_lately.customer,
        send_after=NOW() - timedelta(days=3), expires_at=NOW() + timedelta(days=10),
    )  # fmt: skip
    code, out, _ = run("feedback", "relationship", "--workspace", "voima", "--survey", survey.key,
                       "--segment", "segment:business")  # fmt: skip
    assert code == 0 and "1 customers invited" in out
    invitation = Invitation.objects.exclude(token="recent").get()
    assert (invitation.customer, invitation.interaction) == (business.customer, None)
