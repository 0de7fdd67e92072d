"""Named people and small builders for tests.

Two client brands: Voima (electricity) and Linkki (telecom). In Voima, Aino is the admin, Cecilia the
CX manager, Kalle the QA evaluator, Leena a team lead and Ville an agent; Outi works only for Linkki.
"""

from itertools import count

from kohtaamo.timeline.ingest import interactions_ingest
from kohtaamo.workspaces.access import Role
from kohtaamo.workspaces.services import api_token_create, membership_set, user_create, workspace_create

PASSWORD = "correct-horse-battery"
_ids = count(1)


def workspace(slug: str = "voima", name: str = "Voima Sähkö", **kwargs):
    return workspace_create(slug=slug, name=name, **kwargs)


def person(email: str, workspace=None, role: str | None = None):
    user = user_create(email=email, password=PASSWORD, name=email.split("@")[0].title())
    if workspace is not None and role is not None:
        membership_set(workspace=workspace, user=user, role=role)
    return user


def team_of_voima(voima, linkki) -> dict:
    return {
        "aino": person("aino@voima.fi", voima, Role.ADMIN),
        "cecilia": person("cecilia@voima.fi", voima, Role.CX_MANAGER),
        "kalle": person("kalle@voima.fi", voima, Role.QA_EVALUATOR),
        "leena": person("leena@voima.fi", voima, Role.TEAM_LEAD),
        "ville": person("ville@voima.fi", voima, Role.AGENT),
        "outi": person("outi@linkki.fi", linkki, Role.ADMIN),
    }


def login(client, user):
    """Sign ``user`` in through the real login path; returns the client for chaining."""
    assert client.login(username=user.username, password=PASSWORD)
    return client


def token_for(workspace) -> str:
    return api_token_create(workspace=workspace, name="test")[1]


def record(**overrides) -> dict:
    """A valid canonical interaction record; override any field."""
    n = next(_ids)
    data = {
        "external_id": f"int-{n}",
        "channel": "phone",
        "started_at": "2026-03-02T09:00:00+02:00",
        "customer": {"external_id": f"cust-{n}", "name": f"Asiakas {n}"},
    }
    data.update(overrides)
    return data


def ingest(workspace, *records: dict, source: str = "default"):
    return interactions_ingest(workspace=workspace, records=enumerate(records), default_source=source)
