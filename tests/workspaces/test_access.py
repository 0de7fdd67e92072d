"""Who may do what: roles become capabilities in one place."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from kohtaamo.workspaces.access import CAPABILITIES, Role
from kohtaamo.workspaces.auth import workspace_view
from kohtaamo.workspaces.models import Membership
from kohtaamo.workspaces.selectors import actor_for, workspaces_for
from kohtaamo.workspaces.services import user_create, workspace_create


def test_a_member_acts_with_their_role(people, voima):
    actor = actor_for(people["ville"], "voima")
    assert (actor.workspace, actor.role) == (voima, Role.AGENT)
    assert actor.can("view_customers") and not actor.can("manage_workspace")


def test_another_workspace_is_indistinguishable_from_a_missing_one(people):
    with pytest.raises(Http404):
        actor_for(people["outi"], "voima")
    with pytest.raises(Http404):
        actor_for(people["outi"], "no-such-workspace")


def test_superusers_administer_every_workspace(db, voima, linkki):
    root = user_create(email="root@kohtaamo.fi", password="x" * 12, is_superuser=True)
    assert actor_for(root, "linkki").role == Role.ADMIN
    assert {ws.slug for ws, _ in workspaces_for(root)} == {"voima", "linkki"}


def test_a_new_workspace_gets_the_superusers_as_admins(db):
    root = user_create(email="root@kohtaamo.fi", password="x" * 12, is_superuser=True)
    workspace = workspace_create(slug="uusi", name="Uusi")
    assert Membership.objects.get(workspace=workspace, user=root).role == Role.ADMIN


def test_every_capability_names_real_roles():
    known = set(Role.values) | {"integration"}
    for capability, roles in CAPABILITIES.items():
        assert roles and roles <= known, capability


def test_workspace_view_refuses_a_role_without_the_capability(people):
    @workspace_view("manage_workspace")
    def view(request, actor):
        return actor

    request = RequestFactory().get("/w/voima/settings/")
    request.user = people["ville"]
    with pytest.raises(PermissionDenied):
        view(request, ws="voima")
    request.user = people["aino"]
    assert view(request, ws="voima").role == Role.ADMIN
