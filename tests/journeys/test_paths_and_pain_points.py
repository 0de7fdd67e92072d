"""Paths and pain points computed from interactions in the database."""

from kohtaamo.journeys.models import Persona
from kohtaamo.journeys.selectors import analytics, personas
from kohtaamo.workspaces.access import Actor
from tests.factories import ingest, record
from tests.journeys.conftest import at


def actor_of(workspace, role="cx_manager"):
    return Actor(None, workspace, role)


def test_it_reads_each_case_as_a_path(history):
    report = analytics.path_analytics(actor=actor_of(history), days=30)
    paths = {p.steps: p.n for p in report.paths}
    assert paths[("web", "chat", "phone")] == 1
    assert paths[("phone",)] == 1
    assert paths[("chat", "phone")] == 1
    assert report.contacts == 6


def test_a_chat_that_ended_in_a_call_is_a_channel_switch(history):
    switches = {(t.source, t.target): t.n for t in analytics.path_analytics(actor=actor_of(history)).switches}
    assert switches[("chat", "phone")] == 2


def test_per_customer_paths_join_a_customers_cases_within_the_window(history):
    ingest(history, record(channel="email", started_at=at(0.5), customer={"external_id": "liisa"}))
    report = analytics.path_analytics(actor=actor_of(history), by="customer", gap_days=7)
    assert ("phone", "email") in {p.steps for p in report.paths}


def test_paths_never_include_another_workspaces_contacts(history, linkki):
    ingest(linkki, record(channel="sms", started_at=at(1), customer={"external_id": "x"}))
    report = analytics.path_analytics(actor=actor_of(history))
    assert "sms" not in {step for p in report.paths for step in p.steps}


def test_pain_points_rank_contact_reasons_by_problem_contacts(history):
    ranking = analytics.pain_points(actor=actor_of(history), dimension="reason", days=30)
    everything = {p.key: p for p in (*ranking.ranked, *ranking.too_few)}
    # Billing: Pekka's chat (unresolved, no sign of trouble by itself) and his escalated, repeat, long-wait call.
    assert everything["laskutus"].n == 3 and everything["laskutus"].problems == 1
    assert everything["laskutus"].escalated.value == 100 / 3
    assert ranking.ranked == ()  # a handful of contacts is never ranked


def test_pain_points_by_persona_use_the_persona_rules(history):
    Persona.objects.create(workspace=history, name="Billing callers", rules=[
        {"field": "contacts_90d", "op": ">=", "value": 2}])  # fmt: skip
    ranking = analytics.pain_points(actor=actor_of(history), dimension="persona", days=30)
    (point,) = ranking.too_few
    assert point.n == 5  # Matti's three and Pekka's two


def test_example_cases_of_a_pain_point_lead_to_the_customer(history):
    cases = analytics.pain_point_examples(actor=actor_of(history), dimension="reason", key="laskutus", days=30)
    (case,) = cases  # Liisa's call went fine, so only Pekka's case is an example
    assert case.customer.identities.get(kind="external_id").value == "pekka"
    assert [i.channel for i in case.contacts] == ["chat", "phone"]


def test_persona_counts_are_live(history):
    persona = Persona.objects.create(workspace=history, name="Phone", rules=[
        {"field": "channel_90d", "op": "=", "value": "phone"}])  # fmt: skip
    assert dict(personas.persona_list(actor=actor_of(history)))[persona] == 3
    ingest(history, record(channel="phone", started_at=at(1), customer={"external_id": "new"}))
    assert dict(personas.persona_list(actor=actor_of(history)))[persona] == 4
