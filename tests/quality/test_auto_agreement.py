"""The agreement page pairs automatic answers with evaluators' on the same interactions."""

from kohtaamo.quality.models import AutoAnswer
from kohtaamo.quality.selectors.auto_agreement import check_agreements
from kohtaamo.quality.services.autoqa import auto_answer_override, autoqa_run
from kohtaamo.quality.services.evaluations import evaluation_save, evaluation_start
from kohtaamo.quality.services.scorecards import scorecard_create
from kohtaamo.timeline.models import Interaction
from kohtaamo.workspaces.access import Actor
from tests.factories import ingest, login, record

from .conftest import MINI_FORM

FORM = {**MINI_FORM, "sections": [{"id": "s", "title": "S", "questions": [
    {"id": "greet", "text": "Greeted with a name", "auto_check": "greeting"},
    {"id": "close", "text": "Closed well", "auto_check": "closing"},
]}]}  # fmt: skip


def call(voima, n, greeting):
    transcript = [{"speaker": "agent", "text": greeting, "at": 0}, {"speaker": "customer", "text": "Moi", "at": 3}]
    ingest(voima, record(external_id=f"g{n}", agent="A1", transcript=transcript))
    return Interaction.objects.get(workspace=voima, external_id=f"g{n}")


def test_pairs_per_check_with_the_original_automatic_answer(voima, people, org):
    scorecard = scorecard_create(workspace=voima, form_data=FORM, created_by=people["kalle"])
    calls = [call(voima, 1, "Hei, Ville täällä"), call(voima, 2, "Hei"), call(voima, 3, "Hei, Voima Sähkö")]
    autoqa_run(workspace=voima)  # greeting: passed, failed, passed; closing: failed ×3
    for interaction, human in zip(calls, (1, 1, 0), strict=True):  # agrees on the first greeting only
        evaluation = evaluation_start(interaction=interaction, version=scorecard.current, evaluator=people["kalle"])
        evaluation_save(evaluation=evaluation, answers={"greet": human, "close": 0}, submit=True)
    actor = Actor(people["aino"], voima, "admin")
    found = check_agreements(actor=actor)
    assert (found["greeting"].n, round(found["greeting"].percent, 3)) == (3, 0.333)
    assert (found["closing"].n, found["closing"].percent) == (3, 1.0)
    assert found["greeting"].verdict == "too_few"
    assert found["hold_announced"].n == 0
    # an override does not change the automatic side; it adds a pair only where no scorecard answered
    answer = AutoAnswer.objects.get(review__interaction=calls[1], check_name="greeting")
    auto_answer_override(actor=actor, answer=answer, value=True)
    assert check_agreements(actor=actor)["greeting"].n == 3
    lonely = call(voima, 4, "Hei, olen Ville")
    autoqa_run(workspace=voima)
    auto_answer_override(
        actor=actor, answer=AutoAnswer.objects.get(review__interaction=lonely, check_name="greeting"), value=False
    )
    again = check_agreements(actor=actor)["greeting"]
    assert (again.n, again.percent) == (4, 0.25)


def test_the_page_shows_the_verdicts(client, voima, people, org):
    html = login(client, people["kalle"]).get(f"/w/{voima.slug}/quality/automatic-agreement/").content.decode()
    assert "too few to say" in html and "Krippendorff" in html
    assert login(client, people["ville"]).get(f"/w/{voima.slug}/quality/automatic-agreement/").status_code == 403
