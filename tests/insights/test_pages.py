"""The Topics page, the taxonomy editor, the verbatim filters and the chips on the timeline and interaction."""

import pytest

from kohtaamo.insights.models import TextReading, Topic
from kohtaamo.insights.services.readings import readings_refresh
from kohtaamo.timeline.models import Interaction
from kohtaamo.workspaces.access import Actor
from tests.factories import login

from .conftest import calls, comments

# Three detractors write about the bill (scores 2, 4, 6), four others about something else (6, 8, 8, 10).
BILLING = [(2, "Lasku oli väärin"), (4, "Laskussa virhe taas"), (6, "Laskun eräpäivä liian aikaisin")]
OTHER = [(6, "Sovellus toimii"), (8, "Sovellus kaatuu usein"), (8, "Sovellus kaatui eilen"), (10, "Sovellus kaatuu")]


@pytest.fixture
def texts(voima, linkki):
    comments(voima, *BILLING, *OTHER)
    calls(voima, "Sähkökatko jatkuu ja olen todella vihainen")
    comments(linkki, (0, "Linkin lasku on kamala"), prefix="l")


def test_the_topics_page_shows_volume_negative_share_and_impact_with_n(client, people, texts):
    login(client, people["leena"])
    page = client.get("/w/voima/topics/")
    assert page.status_code == 200
    report = page.context["report"]
    billing = next(t for t in report.topics if t.key == "billing")
    # the hand computation of tests/lib: mean 4 against mean 8 of the rest
    assert billing.mentions == 3 and billing.impact.difference == pytest.approx(-4.0)
    assert (billing.impact.n1, billing.impact.n2) == (3, 4) and billing.impact.too_few
    assert billing.negative.n == 3 and report.texts == 8 and report.scored == 7
    body = page.content.decode()
    assert "Billing" in body and "too few to say" in body and 'data-topic="billing"' in body
    assert sum(page.context["chart"]["series"][0]["y"]) == 3  # the most mentioned topic first
    linkki_topics = {t.key: t.mentions for t in report.topics}
    assert linkki_topics["billing"] == 3  # Linkki's comment is not counted


def test_the_topics_page_suggests_new_topics_and_a_manager_adds_one(client, people, texts, voima):
    login(client, people["cecilia"])
    page = client.get("/w/voima/topics/")
    phrases = [s.phrase for s in page.context["suggestions"]]
    assert phrases[0] == "sovellus kaatua"
    assert "Add as topic" in page.content.decode()
    added = client.post("/w/voima/topics/suggestions/add/", {"language": "fi", "phrase": "sovellus kaatua"})
    topic = Topic.objects.of(voima).get(key="sovellus-kaatua")
    assert added.status_code == 302 and added["Location"].endswith(f"/taxonomy/{topic.pk}/")
    assert topic.keywords == {"fi": ["sovellus kaatua"]} and topic.label() == "Sovellus kaatua"
    assert readings_refresh(workspace=voima, again=True).comments == 7  # what the queued re-tagging does
    assert TextReading.objects.of(voima).filter(topics=["sovellus-kaatua"]).count() == 3
    assert client.post("/w/voima/topics/suggestions/add/", {"language": "de", "phrase": "x"}).status_code == 302
    assert not Topic.objects.of(voima).filter(key="x").exists()


def test_a_cx_manager_edits_a_topic_in_each_language_and_bad_input_names_the_field(client, people, voima):
    login(client, people["cecilia"])
    billing = Topic.objects.of(voima).get(key="billing")
    form = client.get(f"/w/voima/topics/taxonomy/{billing.pk}/")
    assert "lasku\nlaskutus" in form.content.decode()
    fields = {"key": "billing", "label_fi": "Laskut", "label_sv": "", "label_en": "Bills",
              "keywords_fi": "lasku\n\n  hyvitys  \nlasku", "keywords_sv": "faktura", "keywords_en": ""}  # fmt: skip
    assert client.post(f"/w/voima/topics/taxonomy/{billing.pk}/", fields).status_code == 302
    billing.refresh_from_db()
    assert billing.keywords == {"fi": ["lasku", "hyvitys"], "sv": ["faktura"]}
    assert billing.labels == {"fi": "Laskut", "en": "Bills"}
    taken = client.post("/w/voima/topics/taxonomy/new/", {**fields, "key": "outage"})
    assert taken.status_code == 200 and "Another topic already has this key." in taken.content.decode()
    empty = client.post("/w/voima/topics/taxonomy/new/", {**fields, "key": "x", "keywords_fi": "", "keywords_sv": ""})
    assert "Give at least one word or phrase in some language." in empty.content.decode()
    long = client.post("/w/voima/topics/taxonomy/new/", {**fields, "key": "y", "keywords_en": "z" * 101})
    assert long.status_code == 200 and "longer than 100 characters" in long.content.decode()
    assert client.post(f"/w/voima/topics/taxonomy/{billing.pk}/delete/").status_code == 302
    assert not Topic.objects.of(voima).filter(key="billing").exists()


def test_roles_and_another_workspaces_topic(client, people, voima, linkki):
    theirs = Topic.objects.of(linkki).get(key="billing")
    login(client, people["ville"])
    assert client.get("/w/voima/topics/").status_code == 403  # an agent sees no workspace-wide topics
    login(client, people["leena"])
    assert client.get("/w/voima/topics/taxonomy/").status_code == 403  # a team lead reads, does not edit
    login(client, people["kalle"])
    assert client.get("/w/voima/topics/").status_code == 200
    login(client, people["cecilia"])
    assert client.get(f"/w/voima/topics/taxonomy/{theirs.pk}/").status_code == 404
    assert client.post(f"/w/voima/topics/taxonomy/{theirs.pk}/delete/").status_code == 404
    assert Topic.objects.of(linkki).filter(pk=theirs.pk).exists()
    login(client, people["outi"])
    assert client.get("/w/voima/topics/").status_code == 404


def test_the_verbatim_explorer_filters_by_topic_and_sentiment(client, people, texts, voima):
    login(client, people["cecilia"])
    billing = client.get("/w/voima/feedback/verbatims/?topic=billing")
    assert {v.text for v in billing.context["page"]} == {text for _, text in BILLING}
    negative = client.get("/w/voima/feedback/verbatims/?topic=billing&sentiment=negative")
    expected = {r.answer.text for r in TextReading.objects.of(voima).filter(topics=["billing"], sentiment="negative")}
    assert {v.text for v in negative.context["page"]} == expected and expected
    assert "topic=billing" in negative.context["params"] and "Billing" in billing.content.decode()
    unknown = client.get("/w/voima/feedback/verbatims/?topic=nonsense&sentiment=angry")
    assert unknown.status_code == 200 and len(unknown.context["page"]) == len(BILLING) + len(OTHER)


def test_the_timeline_and_the_interaction_page_show_topics_and_sentiment(client, people, texts, voima):
    interaction = Interaction.objects.of(voima).exclude(transcript=[]).get()
    login(client, people["cecilia"])
    detail = client.get(f"/w/voima/interactions/{interaction.pk}/").content.decode()
    assert 'data-testid="reading"' in detail and "Outages" in detail and "sentiment-negative" in detail
    timeline = client.get(f"/w/voima/customers/{interaction.customer_id}/").content.decode()
    assert "Outages" in timeline and "topic-chip" in timeline
    Topic.objects.of(voima).filter(key="outage").update(labels={"fi": "Katkot", "en": "Power cuts"})
    assert "Power cuts" in client.get(f"/w/voima/customers/{interaction.customer_id}/").content.decode()
    login(client, people["ville"])  # the contact is not Ville's: its transcript, and so its reading, is not his
    assert 'data-testid="reading"' not in client.get(f"/w/voima/interactions/{interaction.pk}/").content.decode()


def test_topic_names_follow_the_page_language(client, people, texts, voima):
    login(client, people["cecilia"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fi"
    body = client.get("/w/voima/topics/").content.decode()
    assert "Laskutus" in body and ">Billing<" not in body
    assert Actor.system(voima)  # the demo's actor reads the same taxonomy
