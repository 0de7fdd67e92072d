import pytest
from django.core.exceptions import ValidationError

from kohtaamo.workspaces.models import ApiToken
from kohtaamo.workspaces.services import api_token_create, workspace_create


def test_workspace_defaults_fit_a_finnish_contact_centre(db):
    workspace = workspace_create(slug="voima", name="Voima")
    assert (workspace.time_zone, workspace.country) == ("Europe/Helsinki", "FI")
    assert workspace.languages == ["fi", "sv", "en"]
    assert workspace.case_window_days == 7


def test_a_bad_slug_is_refused(db):
    with pytest.raises(ValidationError):
        workspace_create(slug="not a slug", name="X")


def test_a_token_is_shown_once_and_kept_only_as_a_hash(voima):
    token, secret = api_token_create(workspace=voima, name="crm")
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret.startswith("kht_") and len(secret) > 40
    assert secret not in {stored.digest, stored.prefix, stored.name}
    assert stored.digest == ApiToken.digest_of(secret)


def test_two_tokens_never_share_a_secret(voima):
    assert api_token_create(workspace=voima, name="a")[1] != api_token_create(workspace=voima, name="b")[1]
