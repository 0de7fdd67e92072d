"""The spotlight lists recent conversations worth a look with the reason shown, narrowed to the viewer's teams."""

from datetime import timedelta

from django.utils import timezone

from kohtaamo.quality.services.autoqa import autoqa_run
from tests.factories import ingest, login, record

HELLO = {"speaker": "agent", "text": "Hei, Voima Sähkö, Ville täällä", "at": 0}


def stored(voima, external_id, agent, transcript, *, channel="phone", days_ago=1):
    started = (timezone.now() - timedelta(days=days_ago)).isoformat()
    ingest(voima, record(external_id=external_id, agent=agent, channel=channel, started_at=started,
                         transcript=[HELLO, *transcript]))  # fmt: skip


def setup(voima):
    stored(voima, "churn", "A1", [{"speaker": "customer", "text": "Irtisanon sopimuksen <heti>", "at": 5}])
    stored(voima, "silence", "A2", [{"speaker": "customer", "text": "Lasku", "at": 5},
                                    {"speaker": "agent", "text": "No niin", "at": 300}])  # fmt: skip
    stored(
        voima,
        "fell",
        "A3",
        [
            {"speaker": "customer", "text": "Kiitos, hyvä palvelu", "at": 5},
            {"speaker": "customer", "text": "Tämä on kamalaa ja surkeaa, olen vihainen", "at": 9},
        ],
    )
    stored(voima, "fine", "A1", [{"speaker": "customer", "text": "Kiitos", "at": 5}])
    stored(voima, "old", "A1", [{"speaker": "customer", "text": "I will cancel", "at": 5}], days_ago=60)
    autoqa_run(workspace=voima)


def test_the_spotlight_shows_each_conversation_with_its_reason(client, voima, people, org):
    setup(voima)
    html = login(client, people["aino"]).get(f"/w/{voima.slug}/quality/spotlight/").content.decode()
    assert "escalation or churn words: “irtisanon”" in html
    assert "long silence: 4 min 55 s" in html
    assert "sentiment fell from start to end" in html
    assert html.count("<tr>") == 1 + 3  # the header, the three flagged; not the fine one nor the old one
    assert "&lt;heti&gt;" not in html and "<heti>" not in html  # the turn is not quoted here at all
    ninety = client.get(f"/w/{voima.slug}/quality/spotlight/?days=90&reason=escalation").content.decode()
    assert ninety.count("<tr>") == 1 + 2 and "long silence: " not in ninety


def test_a_lead_sees_their_own_teams_and_an_agent_none(client, voima, people, org):
    setup(voima)
    html = login(client, people["leena"]).get(f"/w/{voima.slug}/quality/spotlight/").content.decode()
    assert html.count("<tr>") == 1 + 2  # Vilja (A3) is in Vaasa
    assert login(client, people["ville"]).get(f"/w/{voima.slug}/quality/spotlight/").status_code == 403


def test_bad_filters_fall_back(client, voima, people, org):
    setup(voima)
    response = login(client, people["aino"]).get(f"/w/{voima.slug}/quality/spotlight/?days=-1&reason=%00x")
    assert response.status_code in (200, 400)
