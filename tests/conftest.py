import pytest
from django.test import Client

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


def _signed_in_as(name: str):
    @pytest.fixture
    def signed_in(people) -> Client:
        # A browser session of the named person, reading English pages.
        return factories.login(Client(HTTP_ACCEPT_LANGUAGE="en"), people[name])

    return signed_in


# One signed-in client per named person (see tests/factories.py): ``def test_it(cecilia_client): ...``
aino_client = _signed_in_as("aino")
cecilia_client = _signed_in_as("cecilia")
kalle_client = _signed_in_as("kalle")
leena_client = _signed_in_as("leena")
ville_client = _signed_in_as("ville")
outi_client = _signed_in_as("outi")
