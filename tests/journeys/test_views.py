"""The journeys pages: who may see and change what, and what they show."""

import pytest
from django.urls import reverse

from kohtaamo.journeys.models import Action, JourneyMap, Persona, StageTouchpoint, Touchpoint
from kohtaamo.journeys.services import journey_save, touchpoint_save
from tests.factories import login

PAGES = ["journeys-home", "journeys-personas", "journeys-touchpoints", "journeys-paths", "journeys-pain",
         "journeys-insights", "journeys-actions", "journeys-roadmap", "journeys-review"]  # fmt: skip


def url(name, ws="voima", **kwargs):
    return reverse(name, kwargs={"ws": ws, **kwargs})


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_for_a_team_lead(client, history, people, page):
    assert login(client, people["leena"]).get(url(page)).status_code == 200


@pytest.mark.parametrize("page", [*PAGES, "journeys-action-new"])
def test_an_agent_is_refused(client, history, people, page):
    assert login(client, people["ville"]).get(url(page)).status_code == 403


@pytest.mark.parametrize("page", PAGES)
def test_another_workspace_is_not_found(client, history, people, page):
    assert login(client, people["outi"]).get(url(page)).status_code == 404


def test_a_team_lead_may_look_but_not_change(client, history, people):
    login(client, people["leena"])
    response = client.post(url("journeys-personas"), {"name": "Seniors", "rules": "attributes.age_band = 65+"})
    assert response.status_code == 403
    assert client.get(url("journeys-action-new")).status_code == 403
    assert not Persona.objects.exists()


def test_a_cx_manager_defines_a_persona_and_sees_its_live_count(client, history, people):
    login(client, people["cecilia"])
    response = client.post(url("journeys-personas"), {"name": "Phone users", "rules": "channel_90d = phone"})
    assert response.status_code == 302
    page = client.get(url("journeys-personas")).content.decode()
    assert "Phone users" in page and '<td data-testid="persona-count">3</td>' in page


def test_bad_persona_rules_are_reported_by_line(client, history, people):
    login(client, people["cecilia"])
    response = client.post(url("journeys-personas"), {"name": "Bad", "rules": "language = fi\nshoe_size >= 42"})
    assert response.status_code == 200
    assert "Line 2: unknown field “shoe_size”." in response.content.decode()


def test_untrusted_names_are_escaped(client, history, people):
    Persona.objects.create(workspace=history, name="<script>alert(1)</script>", rules=[])
    page = login(client, people["cecilia"]).get(url("journeys-personas")).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_the_journey_map_grid_toggles_a_touchpoint_in_a_stage_with_htmx(client, history, people):
    journey = journey_save(workspace=history, name="Outage", stages=["Warning", "Outage"])
    sms = touchpoint_save(workspace=history, name="SMS", channel="sms", kind="digital")
    stage = journey.stages.get(name="Warning")
    login(client, people["cecilia"])
    cell = url("journeys-cell", journey_id=journey.pk, stage_id=stage.pk, touchpoint_id=sms.pk)
    response = client.post(cell, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'aria-pressed="true"' in response.content.decode()
    assert StageTouchpoint.objects.filter(stage=stage, touchpoint=sms).exists()
    client.post(cell, HTTP_HX_REQUEST="true")
    assert not StageTouchpoint.objects.exists()


def test_another_workspaces_journey_is_not_found(client, history, linkki, people):
    theirs = JourneyMap.objects.create(workspace=linkki, name="Theirs")
    login(client, people["cecilia"])
    assert client.get(url("journeys-map", journey_id=theirs.pk)).status_code == 404
    stage = journey_save(workspace=history, name="Mine", stages=["One"]).stages.get()
    tp = Touchpoint.objects.create(workspace=linkki, name="Their web", channel="web")
    mine = stage.journey
    response = client.post(url("journeys-cell", journey_id=mine.pk, stage_id=stage.pk, touchpoint_id=tp.pk))
    assert response.status_code == 404


def test_the_journey_map_shows_its_effort_index(client, history, people):
    journey = journey_save(workspace=history, name="Moving", contact_reasons=["muutto"], stages=["Move"])
    page = login(client, people["leena"]).get(url("journeys-map", journey_id=journey.pk)).content.decode()
    assert "Effort index" in page and "Web self-service → Chat → Phone" in page


def test_the_journey_map_names_its_owner_by_name(client, history, people):
    """Owners read as emails ("cx@kohtaamo.demo"); people have names."""
    journey = journey_save(workspace=history, name="Moving", owner=people["cecilia"], stages=["Move"])
    page = login(client, people["leena"]).get(url("journeys-map", journey_id=journey.pk)).content.decode()
    assert "<dd>Cecilia</dd>" in page


def test_the_paths_page_draws_a_sankey(client, history, people):
    page = login(client, people["kalle"]).get(url("journeys-paths")).content.decode()
    assert 'data-figure="sankey-data"' in page and '"type": "sankey"' in page


def test_a_pain_point_drills_through_to_cases_and_customer_timelines(client, history, people):
    login(client, people["cecilia"])
    page = client.get(url("journeys-pain-point", dimension="reason", key="laskutus")).content.decode()
    assert "/w/voima/customers/" in page and "Create action" in page


def test_an_unknown_pain_point_is_not_found(client, history, people):
    login(client, people["cecilia"])
    assert client.get(url("journeys-pain-point", dimension="reason", key="nothing")).status_code == 404
    assert client.get(url("journeys-pain-point", dimension="shoe", key="x")).status_code == 404


def test_a_cx_manager_creates_an_action_from_a_pain_point(client, history, people):
    login(client, people["cecilia"])
    form = client.get(url("journeys-action-new") + "?title=laskutus&metric=repeat_rate&contact_reason=laskutus")
    assert 'value="laskutus"' in form.content.decode()
    response = client.post(url("journeys-action-new"), {
        "title": "Clearer invoice", "metric": "repeat_rate", "contact_reason": "laskutus", "impact": 4,
        "confidence": 3, "effort": 2, "target_value": 10,
    })  # fmt: skip
    action = Action.objects.get()
    assert response.status_code == 302 and action.metric_filter == {"contact_reason": "laskutus"}
    assert action.baseline_n == 3
    page = client.get(url("journeys-action", action_id=action.pk)).content.decode()
    assert "Not done yet" in page


def test_the_cx_review_lists_the_quarters_actions_with_their_outcome(client, history, people):
    from django.utils import timezone

    Action.objects.create(workspace=history, title="Done thing", metric="repeat_rate", status="done",
                          done_on=timezone.localdate())  # fmt: skip
    page = login(client, people["cecilia"]).get(url("journeys-review")).content.decode()
    assert "Done thing" in page and "Not yet measurable" in page


def test_the_navigation_shows_journeys_only_to_those_who_may_see_them(client, history, people):
    assert "Journeys" in login(client, people["leena"]).get(url("customers")).content.decode()
    assert ">Journeys<" not in login(client, people["ville"]).get(url("customers")).content.decode()
