"""Pain points whose key holds a "/" (or other URL characters) open like any other (real data has them)."""

from html import escape

import pytest
from django.urls import reverse

from tests.factories import ingest, login

from .conftest import contact

REASONS = ["laskutus/myöhässä", "a/b/c", "100% ?&#", "/alkaa", "loppuu/"]


@pytest.fixture
def awkward(voima, people):
    contacts = [contact(f"c{i}", "phone", 2, contact_reason=r, outcome="unresolved") for i, r in enumerate(REASONS)]
    ingest(voima, *contacts)
    return voima


def test_the_pain_points_page_links_every_key_and_each_link_opens_its_point(client, awkward, people):
    login(client, people["cecilia"])
    page = client.get(reverse("journeys-pain", kwargs={"ws": "voima"}), {"by": "reason", "days": 30})
    assert page.status_code == 200
    for reason in REASONS:
        url = reverse("journeys-pain-point", kwargs={"ws": "voima", "dimension": "reason", "key": reason})
        assert f'href="{escape(url)}?days=30"' in page.content.decode(), reason
        point = client.get(url, {"days": 30})
        assert point.status_code == 200, reason
        assert point.context["point"] is not None and point.context["point"].n == 1, reason
