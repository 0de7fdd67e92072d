"""Every page and every API operation, as every role, against one declared table.

The crawler follows links; an attacker types addresses. This module takes every URL pattern from the
resolver and every operation from the OpenAPI document, fills their ids with real objects of the demo, and
asks each of them as each role: anonymous, each member role, an admin of another workspace, a token, a
read-only token and a token of another workspace. What each should answer comes from ``PAGES`` and
``OPERATIONS`` below and the roles' capabilities (``CAPABILITIES``); a page or an operation missing from the
tables fails the test, so a new endpoint is enumerated the day it is added.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from kohtaamo.demo.world import DEMO_USERS
from kohtaamo.workspaces.access import CAPABILITIES, Role
from kohtaamo.workspaces.models import Workspace
from kohtaamo.workspaces.services import api_token_create, membership_set, user_create

# The capability each workspace page needs. The view declares it too (``workspace_view``); the two must agree,
# so that widening a page's audience is a change made twice, on purpose.
PAGES = {
    "workspace-home": "view_customers",
    "workspace-settings": "manage_workspace",
    "workspace-labels": "manage_workspace",
    "customers": "view_customers",
    "customer": "view_customers",
    "interaction": "view_customers",
    "merge-undo": "undo_merge",
    "feedback-dashboard": "view_feedback",
    "insights-topics": "view_topics",
    "feedback-sentiment": "label_sentiment",
    "feedback-sentiment-example-add": "label_sentiment",
    "feedback-sentiment-import": "label_sentiment",
    "feedback-sentiment-example-delete": "label_sentiment",
    "feedback-sentiment-comment": "label_sentiment",
    "feedback-sentiment-train": "manage_sentiment_model",
    "feedback-sentiment-switch": "manage_sentiment_model",
    "insights-taxonomy": "manage_topics",
    "insights-topic-new": "manage_topics",
    "insights-topic": "manage_topics",
    "insights-topic-delete": "manage_topics",
    "insights-suggestion-add": "manage_topics",
    "feedback-drivers": "view_feedback",
    "feedback-verbatims": "view_feedback",
    "feedback-invitations": "manage_surveys",
    "feedback-invitation-preview": "manage_surveys",
    "feedback-invitation-page": "manage_surveys",
    "feedback-follow-ups": "follow_up",
    "feedback-follow-up": "follow_up",
    "feedback-follow-up-close": "follow_up",
    "feedback-surveys": "manage_surveys",
    "feedback-survey-new": "manage_surveys",
    "feedback-survey": "manage_surveys",
    "feedback-survey-new-preview": "manage_surveys",
    "feedback-survey-preview": "manage_surveys",
    "feedback-trigger-new": "manage_surveys",
    "feedback-trigger": "manage_surveys",
    "feedback-trigger-toggle": "manage_surveys",
    "quality-home": "view_quality",
    "quality-reports": "view_quality",
    "quality-reports-csv": "view_quality",
    "quality-quotas": "view_quality",
    "quality-cx": "view_quality",
    "quality-agent": "view_quality",
    "quality-coaching-new": "coach",
    "quality-mine": "view_quality",
    "quality-queue": "evaluate",
    "quality-sample": "manage_scorecards",
    "quality-evaluation-new": "view_quality",
    "quality-evaluation": "view_quality",
    "quality-evaluation-claim": "evaluate",
    "quality-evaluation-acknowledge": "view_quality",
    "quality-dispute-open": "view_quality",
    "quality-dispute-resolve": "evaluate",
    "quality-scorecards": "manage_scorecards",
    "quality-scorecard": "manage_scorecards",
    "quality-scorecard-new": "manage_scorecards",
    "quality-scorecard-preview": "manage_scorecards",
    "quality-scorecard-builder": "manage_scorecards",
    "quality-scorecard-export": "view_quality",
    "quality-plan": "manage_scorecards",
    "quality-calibrations": "calibrate",
    "quality-calibration": "calibrate",
    "quality-calibration-score": "calibrate",
    "quality-calibration-close": "calibrate",
    "operations-dashboard": "view_operations",
    "operations-settings": "view_operations",
    "operations-forecasts": "view_operations",
    "operations-forecast-build": "plan_staffing",
    "operations-forecast": "view_operations",
    "operations-event-create": "plan_staffing",
    "operations-plans": "view_operations",
    "operations-plan-create": "plan_staffing",
    "operations-plan": "view_operations",
    "operations-plan-delete": "plan_staffing",
    "operations-shift-create": "plan_staffing",
    "operations-shift-import": "plan_staffing",
    "operations-scenario-create": "plan_staffing",
    "operations-shift-delete": "plan_staffing",
    "operations-compare": "view_operations",
    "notify-incidents": "view_incidents",
    "notify-declare": "manage_incidents",
    "notify-preview": "manage_incidents",
    "notify-report": "view_incidents",
    "notify-messages": "manage_incidents",
    "notify-dead-letters": "manage_incidents",
    "notify-settings": "manage_incidents",
    "notify-incident": "view_incidents",
    "notify-progress": "view_incidents",
    "notify-change": "manage_incidents",
    "notify-change-preview": "manage_incidents",
    "notify-retry": "manage_incidents",
    "journeys-home": "view_journeys",
    "journeys-map": "view_journeys",
    "journeys-stage-add": "manage_journeys",
    "journeys-cell": "manage_journeys",
    "journeys-personas": "view_journeys",
    "journeys-persona": "view_journeys",
    "journeys-touchpoints": "view_journeys",
    "journeys-touchpoint": "view_journeys",
    "journeys-paths": "view_journeys",
    "journeys-pain": "view_journeys",
    "journeys-pain-point-blank": "view_journeys",
    "journeys-pain-point": "view_journeys",
    "journeys-insights": "view_journeys",
    "journeys-actions": "view_journeys",
    "journeys-action-new": "manage_journeys",
    "journeys-action": "view_journeys",
    "journeys-action-status": "manage_journeys",
    "journeys-action-evaluate": "manage_journeys",
    "journeys-roadmap": "view_journeys",
    "journeys-review": "view_journeys",
    "privacy-customer-export": "export_personal_data",
    "privacy-audit": "view_audit",
    "privacy-settings": "manage_privacy",
    "privacy-customer-erase": "erase_personal_data",
    "quality-spotlight": "evaluate",
    "quality-auto-agreement": "calibrate",
    "quality-auto-answer-override": "evaluate",
    "notify-webhooks": "manage_webhooks",
    "notify-webhook-change": "manage_webhooks",
    "connectors": "manage_workspace",
    "connector-remove": "manage_workspace",
    "interaction-recording": "view_customers",
    "quality-disputes": "evaluate",
    "quality-dispute-category-add": "manage_scorecards",
}
# Pages whose object a role with the capability may still not see, and which then answer 404 as for a
# missing object: an agent sees their own contacts and evaluations only, a team lead their team's.
NARROWED = {
    Role.AGENT: {"customer", "interaction", "quality-agent", "quality-evaluation", "quality-evaluation-acknowledge",
                 "quality-dispute-open", "privacy-customer-export"},
    Role.TEAM_LEAD: {"feedback-follow-up", "quality-agent", "quality-evaluation", "quality-evaluation-acknowledge",
                     "quality-dispute-open", "quality-coaching-new"},
    Role.QA_EVALUATOR: {"quality-agent", "quality-evaluation", "quality-evaluation-acknowledge",
                        "quality-dispute-open"},
}  # fmt: skip
# Pages that name something the demo may not have (contacts without a reason as a pain point, a recording of
# the first contact): 404 is right.
MAY_BE_MISSING = {"journeys-pain-point-blank", "interaction-recording"}
# What a page's address names: the model whose first object in the workspace fills it.
IDS = {
    "customer_id": "timeline.Customer",
    "interaction_id": "timeline.Interaction",
    "merge_id": "timeline.CustomerMerge",
    "follow_up_id": "feedback.FollowUp",
    "survey_id": "feedback.Survey",
    "trigger_id": "feedback.TriggerRule",
    "agent_id": "workspaces.Agent",
    "evaluation_id": "quality.Evaluation",
    "dispute_id": "quality.Dispute",
    "scorecard_id": "quality.Scorecard",
    "session_id": "quality.CalibrationSession",
    "forecast_id": "operations.Forecast",
    "plan_id": "operations.Plan",
    "shift_id": "operations.ShiftPattern",
    "incident_id": "notify.Incident",
    "delivery_id": "notify.Delivery",
    "journey_id": "journeys.JourneyMap",
    "stage_id": "journeys.Stage",
    "touchpoint_id": "journeys.Touchpoint",
    "persona_id": "journeys.Persona",
    "action_id": "journeys.Action",
    "answer_id": "quality.AutoAnswer",
    "subscription_id": "notify.WebhookSubscription",
    "connector_id": "connectors.Connector",
    "case_id": "timeline.Case",
    "response_id": "feedback.Response",
    "invitation_id": "feedback.Invitation",
    "topic_id": "insights.Topic",
    "example_id": "sentiment.SentimentExample",
    "classifier_id": "sentiment.SentimentClassifier",
}
# Objects that belong to another object in the same address: taken from it, so the address is consistent.
PARENTS = {"trigger_id": ("survey_id", "survey_id"), "stage_id": ("journey_id", "journey_id")}
WORDS = {"number": "1", "dimension": "reason", "key": "laskutus"}

# Every API operation and whether it writes: a read-only token may call only the reads.
OPERATIONS = {
    "interactions_post": "write",
    "customers_list": "read",
    "customers_lookup": "read",
    "customers_get": "read",
    "customers_timeline": "read",
    "responses_post": "write",
    "metrics_get": "read",
    "staffing_calculate": "read",
    "operations_kpis": "read",
    "plans_list": "read",
    "plans_get": "read",
    "operations_plan_intervals": "read",
    "incidents_post": "write",
    "incidents_get": "read",
    "customers_export": "read",
    "customers_erase": "write",
    "customers_patch": "write",
    "interactions_list": "read",
    "interactions_export": "read",
    "interactions_get": "read",
    "cases_list": "read",
    "cases_export": "read",
    "cases_get": "read",
    "responses_list": "read",
    "responses_export": "read",
    "responses_get": "read",
    "answers_list": "read",
    "answers_export": "read",
    "evaluations_list": "read",
    "evaluations_export": "read",
    "evaluations_get": "read",
    "disputes_list": "read",
    "follow_ups_list": "read",
    "follow_ups_export": "read",
    "follow_ups_get": "read",
    "incidents_list": "read",
    "scorecards_list": "read",
    "scorecards_get": "read",
    "disputes_get": "read",
    "journeys_export": "read",
    "actions_export": "read",
    "incidents_export": "read",
    "plans_export": "read",
    "invitations_list": "read",
    "invitations_export": "read",
    "invitations_get": "read",
    "response_rates_get": "read",
    "incidents_deliveries_list": "read",
    "incidents_deliveries_export": "read",
    "incidents_delivery_get": "read",
    "journeys_list": "read",
    "journeys_get": "read",
    "actions_list": "read",
    "actions_get": "read",
    # Webhook subscriptions carry secrets and send data out: managing them, listing included, is not a read.
    "webhooks_list": "write",
    "webhooks_create": "write",
    "webhooks_change": "write",
    "webhooks_delete": "write",
}
API_ROOT = "/api/v1"
# Path parameters that name one object of the token's workspace (``{metric}`` names a figure, not a row).
OBJECT_IN_PATH = re.compile(r"\{(?:\w+_id|external_id)\}")


def _page_patterns(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from _page_patterns(entry, prefix + str(entry.pattern))
        elif "<slug:ws>" in prefix + str(entry.pattern):
            yield prefix + str(entry.pattern), entry


def _first(label: str, workspace: Workspace, **filters) -> int | None:
    obj = apps.get_model(label).objects.of(workspace).filter(**filters).order_by("pk").first()
    return obj.pk if obj else None


def _fill(route: str, workspace: Workspace) -> str:
    """The route with real ids of the workspace (an id past any row where the demo has no such object)."""
    values: dict[str, str] = {"ws": workspace.slug, **WORDS}
    for name, (parent, field) in PARENTS.items():
        child = apps.get_model(IDS[name]).objects.of(workspace).order_by("pk").first()
        if child is not None:
            values[name], values[parent] = str(child.pk), str(getattr(child, field))
    for name, label in IDS.items():
        values.setdefault(name, str(_first(label, workspace) or 2**31 - 1))

    def value(match: re.Match) -> str:
        return values[match.group(1)]

    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", value, route)


@dataclass(frozen=True)
class Ask:
    name: str
    path: str
    capability: str


@pytest.fixture(scope="module")
def pages(demo_data, django_db_blocker) -> dict[str, list[Ask]]:
    """Every workspace page, addressed in each demo workspace with that workspace's own objects."""
    with django_db_blocker.unblock():
        found: dict[str, list[Ask]] = {}
        for slug in ("voima", "linkki"):
            workspace = Workspace.objects.get(slug=slug)
            found[slug] = [
                Ask(pattern.name, _fill(route, workspace), PAGES.get(pattern.name, "?"))
                for route, pattern in _page_patterns()
            ]
        return found


def test_every_page_is_in_the_table_with_the_capability_its_view_declares():
    declared = {pattern.name: getattr(pattern.callback, "capability", None) for _, pattern in _page_patterns()}
    assert {name: cap for name, cap in declared.items() if PAGES.get(name) != cap} == {}
    assert set(PAGES) - set(declared) == set(), "entries for pages that no longer exist"


def _member(email: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=False)
    client.force_login(get_user_model().objects.get(email=email))
    return client


def _ask(client: Client, path: str, *, post: bool = True) -> int:
    """GET the page; a form's target (GET refused with 405) is POSTed, empty, when ``post`` allows."""
    status = client.get(path).status_code
    return client.post(path).status_code if status == 405 and post else status


def _works(status: int) -> bool:
    """A page that works: shown, redirected (after a form, to a file), or refusing GET (a form's target)."""
    return status in (200, 302, 303, 405)


@pytest.mark.parametrize("user", DEMO_USERS, ids=lambda user: user.role)
def test_every_page_answers_each_member_role_as_the_table_says(user, pages, db):
    """Without the capability: 403, for forms' targets too (POSTed). With it: the page (GET only, so that
    the test changes nothing), or 404 where the object is not the role's to see or the demo has none."""
    client = _member(user.email)
    wrong = []
    for slug in user.workspaces or ("voima", "linkki"):
        for ask in pages[slug]:
            if user.role not in CAPABILITIES[ask.capability]:
                status = _ask(client, ask.path)
                expected_ok = status == 403
            else:
                status = _ask(client, ask.path, post=False)
                missing = ask.name in NARROWED.get(user.role, set()) | MAY_BE_MISSING or str(2**31 - 1) in ask.path
                expected_ok = _works(status) or (status == 404 and missing)
            if not expected_ok:
                wrong.append((ask.path, status))
    assert not wrong, wrong


def test_every_page_sends_anonymous_visitors_to_the_login(pages, db):
    client = Client(raise_request_exception=False)
    wrong = []
    for ask in pages["voima"]:
        response = client.get(ask.path)
        if response.status_code == 405:
            response = client.post(ask.path)
        if response.status_code != 302 or not response["Location"].startswith("/login/"):
            wrong.append((ask.path, response.status_code))
    assert not wrong, wrong


@pytest.fixture
def outsider(db) -> Client:
    """An admin of a third workspace: every page and object of the demo's workspaces is a 404 to them."""
    workspace = Workspace.objects.create(slug="kolmas", name="Kolmas Oy")
    user = user_create(email="outsider@kolmas.fi", password=None)
    membership_set(workspace=workspace, user=user, role=Role.ADMIN)
    client = Client(HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=False)
    client.force_login(user)
    return client


def test_every_page_of_another_workspace_is_a_404(pages, outsider):
    wrong = [(ask.path, status) for ask in pages["voima"] if (status := _ask(outsider, ask.path)) != 404]
    assert not wrong, wrong


def test_every_object_of_another_workspace_is_a_404_under_ones_own(pages, db):
    """Linkki's admin types Voima's ids under /w/linkki/: the same 404 as for a missing object."""
    client = _member(next(u.email for u in DEMO_USERS if u.role == Role.ADMIN))
    wrong = []
    for ask in pages["voima"]:
        if not re.search(r"/\d+/", ask.path) or "2147483647" in ask.path:
            continue
        path = ask.path.replace("/w/voima/", "/w/linkki/", 1)
        if (status := _ask(client, path)) != 404:
            wrong.append((path, status))
    assert not wrong, wrong


# ---- the API --------------------------------------------------------------------------------------------


def _operations(document: dict) -> Iterator[tuple[str, str, str]]:
    """(operation, method, path) for every operation; operation ids lose django-ninja's module prefix."""
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield re.sub(r"^kohtaamo_\w+?_api_", "", operation["operationId"]), method, path


@pytest.fixture
def tokens(demo_data, db) -> dict[str, str]:
    voima, linkki = Workspace.objects.get(slug="voima"), Workspace.objects.get(slug="linkki")
    return {
        "full": api_token_create(workspace=voima, name="enumeration")[1],
        "read_only": api_token_create(workspace=voima, name="enumeration-ro", read_only=True)[1],
        "other": api_token_create(workspace=linkki, name="enumeration-other")[1],
    }


def _api_path(path: str, workspace: Workspace) -> str:
    """The operation's path with the first object of the workspace for each id (a row past any id if none)."""
    incident = apps.get_model("notify.Incident").objects.of(workspace).exclude(external_id="").order_by("pk").first()
    values = {"external_id": incident.external_id if incident else "none", "metric": "nps"}
    for name, label in IDS.items():
        values[name] = str(_first(label, workspace) or 2**31 - 1)
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)


def _call(client: Client, method: str, path: str, token: str | None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    if method == "get":
        return client.get(path, **headers)
    return getattr(client, method)(path, data="{}", content_type="application/json", **headers)


def test_every_api_operation_is_in_the_table(client):
    operations = {op for op, _, _ in _operations(client.get(f"{API_ROOT}/openapi.json").json())}
    assert operations == set(OPERATIONS)


def test_every_api_operation_answers_each_token_as_the_table_says(client, tokens):
    voima = Workspace.objects.get(slug="voima")
    wrong = []
    for operation, method, path in _operations(client.get(f"{API_ROOT}/openapi.json").json()):
        address = _api_path(path, voima)
        writes = OPERATIONS[operation] == "write"
        answers = {who: _call(client, method, address, token).status_code for who, token in
                   {"anonymous": None, **tokens}.items()}  # fmt: skip
        if answers["anonymous"] != 401:
            wrong.append((operation, "anonymous", answers["anonymous"]))
        if answers["full"] in (401, 403) or answers["full"] >= 500:
            wrong.append((operation, "full", answers["full"]))
        # A body django-ninja refuses (422) is refused before the operation, where the 403 would come.
        read_only_ok = answers["read_only"] in (403, 422) if writes else answers["read_only"] not in (401, 403)
        if not read_only_ok or answers["read_only"] >= 500:
            wrong.append((operation, "read_only", answers["read_only"]))
        # Another workspace's token: Voima's objects are a 404; lists and writes act in its own workspace.
        other = answers["other"]
        if (OBJECT_IN_PATH.search(path) and other != 404 and not (writes and other in (400, 404, 422))) or other >= 500:
            wrong.append((operation, "other", other))
    assert not wrong, wrong
