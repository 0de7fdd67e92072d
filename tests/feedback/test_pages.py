"""The staff pages: who may see what, escaping of customer text, CSV exports and recording a call-back."""

import pytest

from kohtaamo.feedback.models import FollowUp
from kohtaamo.workspaces.models import Agent
from tests.factories import login
from tests.feedback.conftest import answer, interaction

EVIL = '<script>alert("x")</script>'


@pytest.fixture
def answered(survey, contact):
    """Ville's customer answered CSAT 1 / NPS 2 with a hostile comment: a detractor with a follow-up."""
    return answer(survey, contact, csat=1, resolved="partly", nps=2, comment=EVIL)


def test_it_shows_the_dashboard_with_figures_and_escaped_verbatims(client, people, answered):
    page = login(client, people["cecilia"]).get("/w/voima/feedback/")
    assert page.status_code == 200
    assert "Customer feedback" in page.text and "too few answers" in page.text
    assert EVIL not in page.text and "&lt;script&gt;" in page.text


def test_verbatims_are_searchable_filterable_and_escaped(client, people, answered, survey, voima):
    answer(survey, interaction(voima), csat=5, nps=10, comment="Loistavaa palvelua")
    client = login(client, people["cecilia"])
    page = client.get("/w/voima/feedback/verbatims/?q=loistava")
    assert "Loistavaa palvelua" in page.text and "&lt;script&gt;" not in page.text
    detractors = client.get("/w/voima/feedback/verbatims/?metric=nps&low=0&high=6")
    assert "&lt;script&gt;" in detractors.text and "Loistavaa" not in detractors.text and EVIL not in detractors.text


def test_another_workspaces_feedback_is_404(client, people, answered):
    client = login(client, people["outi"])
    for address in ("/w/voima/feedback/", "/w/voima/feedback/verbatims/", "/w/voima/feedback/follow-ups/"):
        assert client.get(address).status_code == 404


@pytest.mark.parametrize("who", ["leena", "kalle", "ville"])
def test_only_managers_see_invitations(client, people, who):
    assert login(client, people[who]).get("/w/voima/feedback/invitations/").status_code == 403


@pytest.mark.parametrize("who", ["kalle", "ville"])
def test_follow_ups_are_for_leads_and_managers(client, people, answered, who):
    follow_up = FollowUp.objects.get()
    client = login(client, people[who])
    assert client.get("/w/voima/feedback/follow-ups/").status_code == 403
    close = client.post(f"/w/voima/feedback/follow-ups/{follow_up.pk}/close/", {"outcome": "resolved"})
    assert close.status_code == 403


def test_an_agent_sees_only_answers_about_their_own_contacts(client, people, survey, voima):
    answer(survey, interaction(voima), csat=5, nps=10)
    Agent.objects.filter(key="ville").update(user=people["ville"])
    answer(survey, interaction(voima, agent={"id": "other", "name": "Other"}), csat=1, nps=0)
    page = login(client, people["ville"]).get("/w/voima/feedback/?export=figures")
    rows = dict(line.split(",", 1) for line in page.text.strip().splitlines()[1:])
    assert rows["nps"].startswith("100.0,") and ",1," in rows["nps"]


def test_the_team_lead_records_the_call_back_and_the_customer_page_shows_it(client, people, answered):
    follow_up = FollowUp.objects.get()
    client = login(client, people["leena"])
    listing = client.get("/w/voima/feedback/follow-ups/")
    assert "CSAT 1, NPS 2" in listing.text
    done = client.post(
        f"/w/voima/feedback/follow-ups/{follow_up.pk}/close/",
        {"outcome": "resolved", "notes": "Soitin, hyvitys sovittu <b>"},
    )
    assert done.status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.outcome, follow_up.closed_by) == ("done", "resolved", people["leena"])
    customer_page = client.get(f"/w/voima/customers/{answered.customer_id}/")
    assert "Surveys and feedback" in customer_page.text
    assert "Resolved with the customer" in customer_page.text and "hyvitys sovittu &lt;b&gt;" in customer_page.text
    assert "<dd>Partly</dd>" in customer_page.text


def test_a_follow_up_needs_an_outcome(client, people, answered):
    follow_up = FollowUp.objects.get()
    page = login(client, people["leena"]).post(f"/w/voima/feedback/follow-ups/{follow_up.pk}/close/", {})
    assert page.status_code == 422
    follow_up.refresh_from_db()
    assert follow_up.status == "open"


def test_every_dashboard_table_downloads_as_csv(client, people, answered):
    client = login(client, people["cecilia"])
    for export in ("figures", "channel", "team", "agent", "contact_reason", "trend-nps", "response-rates"):
        response = client.get(f"/w/voima/feedback/?export={export}")
        assert response["Content-Type"].startswith("text/csv"), export
    assert "<script>" in client.get("/w/voima/feedback/verbatims/?export=csv").text


def test_a_comment_a_spreadsheet_would_run_as_a_formula_is_defused_in_csv(client, people, survey, contact):
    answer(survey, contact, csat=3, comment='=HYPERLINK("http://evil.example","x")')
    csv_text = login(client, people["cecilia"]).get("/w/voima/feedback/verbatims/?export=csv").text
    assert """'=HYPERLINK""" in csv_text


def test_the_invitations_csv_has_survey_links(client, people, answered):
    csv_text = login(client, people["cecilia"]).get("/w/voima/feedback/invitations/?export=csv").text
    assert f"/s/{answered.token}/" in csv_text and f"/s/{answered.token}/?csat=5" in csv_text


def test_key_drivers_render(client, people, answered):
    page = login(client, people["cecilia"]).get("/w/voima/feedback/drivers/?metric=nps")
    assert page.status_code == 200 and "Key drivers" in page.text


def test_the_follow_up_list_shows_an_unassigned_follow_up(client, people, answered):
    FollowUp.objects.of(answered.workspace).update(assignee=None)
    page = login(client, people["aino"]).get("/w/voima/feedback/follow-ups/")
    assert page.status_code == 200 and "<td>–</td>" in page.content.decode()


def test_contact_reasons_read_by_the_workspaces_own_names(client, people, survey, voima):
    """The NPS-by-reason table listed the raw keys (`laskutus`), on English pages too."""
    voima.display_labels = {"reason": {"laskutus": {"en": "Billing", "fi": "Laskutus"}}}
    voima.save(update_fields=["display_labels"])
    answer(survey, interaction(voima, contact_reason="laskutus"), csat=5, nps=9)
    answer(survey, interaction(voima, contact_reason="muutto_ilmoitus"), csat=2, nps=3)
    page = login(client, people["cecilia"]).get("/w/voima/feedback/")
    labels = [row.label for row in page.context["data"].breakdowns["contact_reason"].groups]
    assert sorted(labels) == ["Billing", "Muutto ilmoitus"]
