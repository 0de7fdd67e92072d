"""The automatic checks on the interaction page and the evaluation screen: evidence marked, text escaped,
an evaluator's override kept beside the original, nothing shown to another agent."""

from kohtaamo.quality.models import AutoAnswer
from kohtaamo.quality.services.autoqa import autoqa_run
from kohtaamo.quality.services.evaluations import evaluation_start
from kohtaamo.quality.services.scorecards import scorecard_create
from kohtaamo.timeline.models import Interaction
from tests.factories import ingest, login, record

from .conftest import MINI_FORM

TRANSCRIPT = [
    {"speaker": "agent", "text": "Hei <b>Voima</b> Sähkö, Ville puhelimessa", "at": 0},
    {"speaker": "customer", "text": "Hei, lasku on väärin <script>alert(1)</script>", "at": 4},
    {"speaker": "agent", "text": "Korjaan sen. Hyvää päivänjatkoa!", "at": 9},
]


def checked(voima, org, agent="A1"):
    ingest(voima, record(external_id="p1", agent=agent, transcript=TRANSCRIPT))
    autoqa_run(workspace=voima)
    return Interaction.objects.get(workspace=voima, external_id="p1")


def page(client, voima, interaction):
    return client.get(f"/w/{voima.slug}/interactions/{interaction.pk}/")


def test_the_interaction_page_marks_the_evidence_and_escapes_the_text(client, voima, people, org):
    interaction = checked(voima, org)
    html = page(login(client, people["kalle"]), voima, interaction).content.decode()
    assert "Automatic checks" in html
    assert "<mark>Hei</mark> &lt;b&gt;<mark>Voima</mark>&lt;/b&gt; Sähkö" in html
    assert "<b>Voima</b>" not in html and "<script>alert(1)</script>" not in html
    assert 'href="#turn-0"' in html and 'id="turn-0"' in html
    assert "<mark>Hyvää päivänjatkoa</mark>" in html


def test_the_page_speaks_finnish(client, voima, people, org):
    interaction = checked(voima, org)
    login(client, people["kalle"])
    html = client.get(f"/w/{voima.slug}/interactions/{interaction.pk}/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Automaattiset tarkistukset" in html


def test_another_agent_sees_no_checks(client, voima, people, org):
    interaction = checked(voima, org, agent="A2")  # Veera's call; Ville is A1
    html = page(login(client, people["ville"]), voima, interaction).content.decode()
    assert "Automatic checks" not in html


def test_an_evaluator_overrides_and_the_original_stays(client, voima, people, org):
    interaction = checked(voima, org)
    answer = AutoAnswer.objects.get(review__interaction=interaction, check_name="greeting")
    login(client, people["kalle"])
    url = f"/w/{voima.slug}/quality/auto-answers/{answer.pk}/override/"
    response = client.post(url, {"value": "no", "note": "nimi puuttui <i>"})
    assert response.status_code == 302 and response["Location"].endswith(f"/interactions/{interaction.pk}/")
    answer.refresh_from_db()
    assert (answer.passed, answer.override, answer.override_note) == (True, False, "nimi puuttui <i>")
    html = page(client, voima, interaction).content.decode()
    assert "automatic answer: passed" in html and "nimi puuttui &lt;i&gt;" in html
    assert client.post(url, {"value": "maybe"}).status_code == 302
    answer.refresh_from_db()
    assert answer.override is False  # a bad value changes nothing


def test_only_evaluators_override_and_another_workspace_is_404(client, voima, people, org):
    interaction = checked(voima, org)
    answer = AutoAnswer.objects.get(review__interaction=interaction, check_name="greeting")
    url = f"/w/{voima.slug}/quality/auto-answers/{answer.pk}/override/"
    assert login(client, people["ville"]).post(url, {"value": "no"}).status_code == 403
    assert login(client, people["outi"]).post(f"/w/linkki/quality/auto-answers/{answer.pk}/override/",
                                              {"value": "no"}).status_code == 404  # fmt: skip


def test_the_evaluation_screen_shows_the_check_beside_its_question(client, voima, people, org):
    form = {**MINI_FORM, "sections": [{"id": "s", "title": "S", "questions": [
        {"id": "greet", "text": "Greeted with a name", "auto_check": "greeting"},
    ]}]}  # fmt: skip
    scorecard = scorecard_create(workspace=voima, form_data=form, created_by=people["kalle"])
    interaction = checked(voima, org)
    evaluation = evaluation_start(interaction=interaction, version=scorecard.current, evaluator=people["kalle"])
    login(client, people["kalle"])
    html = client.get(f"/w/{voima.slug}/quality/evaluations/{evaluation.pk}/").content.decode()
    assert "Automatic check: ✔ passed" in " ".join(html.split())
    assert 'id="turn-0"' in html and "<mark>" in html
    answer = AutoAnswer.objects.get(review__interaction=interaction, check_name="closing")
    response = client.post(f"/w/{voima.slug}/quality/auto-answers/{answer.pk}/override/",
                           {"value": "no", "evaluation": evaluation.pk})  # fmt: skip
    assert response["Location"].endswith(f"/quality/evaluations/{evaluation.pk}/")
