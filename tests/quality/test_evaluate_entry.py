"""'Evaluate' on the interaction page, and the evaluation screen's evidence: recording player, named turns."""

from kohtaamo.lib.speechlike import speechlike_wav
from kohtaamo.quality.models import Evaluation
from kohtaamo.timeline.services import recording_store
from tests.factories import login

from .conftest import call

TALK = [
    {"at": 0, "speaker": "agent", "text": "Hei, Voima, Ville."},
    {"at": 68, "speaker": "customer", "text": "Laskusta kysyisin."},
]


def test_an_evaluator_starts_an_evaluation_from_the_interaction_page(client, voima, people, org, scorecard):
    interaction = call(voima, "A2", transcript=TALK)
    client = login(client, people["kalle"])
    page = client.get(f"/w/voima/interactions/{interaction.pk}/").content.decode()
    assert 'name="scorecard"' in page and f'value="{interaction.pk}"' in page
    response = client.post(
        "/w/voima/quality/evaluations/new/", {"interaction": interaction.pk, "scorecard": scorecard.pk}
    )
    evaluation = Evaluation.objects.get(interaction=interaction)
    assert response.url.endswith(f"/quality/evaluations/{evaluation.pk}/") and evaluation.kind == "official"
    again = client.get(f"/w/voima/interactions/{interaction.pk}/").content.decode()
    assert f"/quality/evaluations/{evaluation.pk}/" in again  # the evaluation is linked from the contact


def test_no_evaluate_for_agents_or_on_ones_own_work(client, voima, people, org, scorecard):
    theirs = call(voima, "A1", transcript=TALK)  # Ville's own call
    page = login(client, people["ville"]).get(f"/w/voima/interactions/{theirs.pk}/").content.decode()
    assert "evaluate-scorecard" not in page


def test_the_evaluation_screen_names_the_speakers_and_plays_the_recording(client, voima, people, org, scorecard):
    interaction = call(voima, "A2", transcript=TALK)
    recording_store(interaction=interaction, audio=speechlike_wav(["agent", "customer"]), seconds=3.0)
    client = login(client, people["kalle"])
    client.post("/w/voima/quality/evaluations/new/", {"interaction": interaction.pk, "scorecard": scorecard.pk})
    evaluation = Evaluation.objects.get(interaction=interaction)
    page = client.get(f"/w/voima/quality/evaluations/{evaluation.pk}/").content.decode()
    assert '<span class="who">Veera</span>' in page and "1:08" in page  # the agent by name, 68 s as a clock
    src = f"/w/voima/interactions/{interaction.pk}/recording/"
    assert f'<audio controls preload="metadata" src="{src}"' in page
    audio = client.get(src)
    assert audio.status_code == 200 and audio["Content-Type"] == "audio/wav"
    assert audio.content[:4] == b"RIFF" and "private" in audio["Cache-Control"]


def test_a_recording_is_for_those_who_may_read_the_transcript(client, voima, linkki, people, org):
    interaction = call(voima, "A2", transcript=TALK)  # Veera's call: not Ville's
    recording_store(interaction=interaction, audio=speechlike_wav(["agent"]), seconds=1.0)
    src = f"/w/voima/interactions/{interaction.pk}/recording/"
    assert login(client, people["ville"]).get(src).status_code == 404
    assert login(client, people["outi"]).get(f"/w/linkki/interactions/{interaction.pk}/recording/").status_code == 404
    client.logout()
    assert client.get(src).status_code in (302, 403)  # never public
    without = call(voima, "A2")
    assert login(client, people["kalle"]).get(f"/w/voima/interactions/{without.pk}/recording/").status_code == 404
