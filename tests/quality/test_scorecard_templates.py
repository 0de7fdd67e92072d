"""The scorecard templates shipped with Kohtaamo: canonical, trilingual, and scoring as designed."""

import json
from importlib import resources

import pytest

from kohtaamo.lib.qa.form_json import form_to_dict
from kohtaamo.lib.qa.scoring import score_evaluation
from kohtaamo.quality.scorecard_templates import load_template, template_names


@pytest.mark.parametrize("name", ["customer_service", "telesales"])
def test_templates_load_score_and_are_trilingual(name):
    assert name in template_names()
    f = load_template(name)
    shipped = resources.files("kohtaamo.quality.scorecard_templates").joinpath(f"{name}.json")
    raw = json.loads(shipped.read_text("utf-8"))
    assert form_to_dict(f) == raw  # the shipped file is already in canonical form

    texts = [f.title, f.description]
    for section, q in f.questions():
        texts += [section.title, q.text] + ([q.help] if q.help else [])
    for text in texts:
        assert isinstance(text, dict) and set(text) == {"fi", "sv", "en"}, text

    kinds = {q.kind.value for _, q in f.questions()}
    assert {"fail_all", "fail_section"} <= kinds

    best = {q.id: max(q.scale.points) for _, q in f.questions(include_bonus=False)}
    r = score_evaluation(f, best)
    assert r.total == pytest.approx(100)
    worst_normal = {
        q.id: (max(q.scale.points) if q.kind.value != "normal" else min(q.scale.points))
        for _, q in f.questions(include_bonus=False)
    }
    r = score_evaluation(f, worst_normal)
    # Only the (passed) critical items score: their share of the total weight.
    scored = [q for _, q in f.questions(include_bonus=False)]
    critical_share = sum(q.weight for q in scored if q.kind.value != "normal") / sum(q.weight for q in scored)
    assert r.total == pytest.approx(100 * critical_share) and not r.failed_all
    critical = next(q.id for _, q in f.questions() if q.kind.value == "fail_all")
    assert score_evaluation(f, {**best, critical: 0}).total == 0


def test_telesales_bonus_lifts_above_100():
    f = load_template("telesales")
    best = {q.id: max(q.scale.points) for _, q in f.questions()}
    assert score_evaluation(f, best).total == pytest.approx(105)
    with pytest.raises(ValueError, match="unknown scorecard template"):
        load_template("nope")
