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
