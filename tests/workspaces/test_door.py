"""The one door: rows by ``objects.of(actor)``, single objects by ``get_visible_or_404``, tokens by capability."""

import pytest
from django.http import Http404
from django.test import RequestFactory
from ninja.errors import HttpError

from kohtaamo.workspaces.access import INTEGRATION, SYSTEM, Actor, Role, get_visible_or_404
from kohtaamo.workspaces.auth import TokenAuth, api_actor
from kohtaamo.workspaces.models import Team
from tests.factories import login, token_for


@pytest.fixture
def teams(voima, linkki):
    return Team.objects.create(workspace=voima, key="hki", name="Helsinki"), Team.objects.create(
        workspace=linkki, key="tku", name="Turku"
    )


def test_it_returns_only_the_actors_workspace(people, voima, teams):
    actor = Actor(people["cecilia"], voima, Role.CX_MANAGER)
    assert list(Team.objects.of(actor)) == [teams[0]]
    assert list(Team.objects.of(voima)) == [teams[0]]


def test_another_workspaces_id_is_a_404(people, voima, teams):
    actor = Actor(people["cecilia"], voima, Role.CX_MANAGER)
    assert get_visible_or_404(Team, actor, teams[0].pk) == teams[0]
    for pk in (teams[1].pk, 10**9, "not-a-number", None):
        with pytest.raises(Http404):
            get_visible_or_404(Team, actor, pk)


def test_a_narrowed_queryset_stays_narrowed(people, voima, teams):
    actor = Actor(people["cecilia"], voima, Role.CX_MANAGER)
    with pytest.raises(Http404):
        get_visible_or_404(Team.objects.filter(key="other"), actor, teams[0].pk)


def test_the_system_acts_in_one_workspace_with_every_capability(voima):
    system = Actor.system(voima)
    assert (system.role, system.user, system.workspace) == (SYSTEM, None, voima)
    assert system.can("manage_workspace") and system.can("send_incidents")


def _api_request(token: str):
    request = RequestFactory().get("/api/v1/customers", HTTP_AUTHORIZATION=f"Bearer {token}")
    request.auth = TokenAuth()(request)
    return request


def test_a_token_acts_as_an_integration_holding_its_token(voima):
    request = _api_request(token_for(voima))
    actor = api_actor(request, "view_customers")
    assert (actor.role, actor.user, actor.token, actor.workspace) == (INTEGRATION, None, request.auth, voima)


def test_a_token_without_the_capability_gets_403(voima):
    with pytest.raises(HttpError) as refused:
        api_actor(_api_request(token_for(voima)), "manage_workspace")
    assert refused.value.status_code == 403


def test_a_workspaces_address_opens_its_first_page_for_members_only(client, people):
    """``/w/voima/`` is what people type; it was a 404 even for members."""
    login(client, people["ville"])
    assert client.get("/w/voima/")["Location"] == "/w/voima/customers/"
    assert client.get("/w/linkki/").status_code == 404
