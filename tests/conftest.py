import pytest

from tests import factories


@pytest.fixture
def voima(db):
    return factories.workspace("voima", "Voima Sähkö")


@pytest.fixture
def linkki(db):
    return factories.workspace("linkki", "Linkki Telecom")


@pytest.fixture
def people(voima, linkki):
    return factories.team_of_voima(voima, linkki)


@pytest.fixture
def api(client, voima):
    """The test client with a token of Voima, as an integration calls the API."""
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {factories.token_for(voima)}"
    return client


@pytest.fixture
def client(client):
    """Tests read English pages unless they switch language (the product's default is Finnish)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashing is deliberately slow; tests create and log in many people.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def english(settings):
    """Messages in English unless a test switches (the product's default language is Finnish)."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
