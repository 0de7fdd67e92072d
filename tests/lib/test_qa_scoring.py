"""Tests for scorecards and scoring in kohtaamo.lib.qa: forms, their JSON, answers, scores and pass rates.

The hand-worked examples mirror docs/quality-scoring.md; if one of them changes, the document
must change with it.
"""

from __future__ import annotations

import copy
import json
import math
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kohtaamo.lib.qa.answers import NA, AnswerError, validate_answers
from kohtaamo.lib.qa.form_json import FormError, form_to_dict, load_form
from kohtaamo.lib.qa.forms import SCALE_PRESETS, localise
from kohtaamo.lib.qa.pass_rates import pass_rates
from kohtaamo.lib.qa.scoring import score_evaluation


def demo_form_dict(**overrides: Any) -> dict[str, Any]:
    """The example form from docs/quality-scoring.md."""
    data: dict[str, Any] = {
        "id": "demo",
        "title": "Demo",
        "sections": [
            {
                "id": "opening",
                "title": "Opening",
                "questions": [
                    {"id": "a1", "text": "Greeting", "weight": 1, "scale": "yes_no"},
                    {"id": "a2", "text": "Tone", "weight": 2, "scale": "1-5"},
                ],
            },
            {
                "id": "resolution",
                "title": "Resolution",
                "questions": [
                    {
                        "id": "b1",
                        "text": "Correct information",
                        "weight": 3,
                        "scale": "yes_no",
                        "na_allowed": True,
                        "kind": "fail_section",
                    },
                    {
                        "id": "b2",
                        "text": "Solution quality",
                        "weight": 1,
                        "scale": "0-10",
                        "na_allowed": True,
                    },
                ],
            },
            {
                "id": "compliance",
                "title": "Compliance",
                "questions": [
                    {
                        "id": "c1",
                        "text": "Identity verified",
                        "weight": 0,
                        "scale": "yes_no",
                        "na_allowed": True,
                        "kind": "fail_all",
                    }
                ],
            },
            {
                "id": "extras",
                "title": "Extras",
                "questions": [
                    {"id": "d1", "text": "Offered callback", "weight": 1, "na_allowed": True},
                    {"id": "d2", "text": "Used customer's name", "weight": 0, "scale": "1-3"},
                ],
            },
        ],
    }
    data.update(overrides)
    return data


BONUS = {
    "id": "bonus",
    "title": "Bonus",
    "questions": [
        {"id": "x1", "text": "Above and beyond", "weight": 5, "scale": "yes_no"},
        {"id": "x2", "text": "Customer praise", "weight": 4, "scale": "1-5"},
    ],
}

GOOD = {"a1": 1, "a2": 4, "b1": 1, "b2": 7, "c1": 1, "d1": NA, "d2": 2}


@pytest.fixture
def form():
    return load_form(demo_form_dict())


# ---------------------------------------------------------------------------------------------
# Hand-worked examples (docs/quality-scoring.md, "Worked examples")


def test_example_1_normal_evaluation(form):
    r = score_evaluation(form, GOOD)
    # Question scores: a1 yes -> 100; a2 = (4-1)/(5-1)*100 = 75; b1 yes -> 100; b2 = 7/10*100 = 70;
    # c1 = 100 (weight 0); d1 N/A -> None; d2 = (2-1)/(3-1)*100 = 50 (weight 0).
    assert r.question_scores == {"a1": 100, "a2": 75, "b1": 100, "b2": 70, "c1": 100, "d1": None, "d2": 50}
    # opening = (1*100 + 2*75) / (1+2) = 250/3 = 83.33
    assert r.section_scores["opening"] == pytest.approx(250 / 3)
    # resolution = (3*100 + 1*70) / (3+1) = 370/4 = 92.5
    assert r.section_scores["resolution"] == pytest.approx(92.5)
    # compliance: only a zero-weight question -> no score; extras: d1 N/A, d2 weight 0 -> no score.
    assert r.section_scores["compliance"] is None
    assert r.section_scores["extras"] is None
    # total = (100 + 150 + 300 + 70) / (1+2+3+1) = 620/7 = 88.57
    assert r.total == pytest.approx(620 / 7)
    assert r.base == pytest.approx(620 / 7)
    assert not r.failed_all and r.failed_sections == () and r.failed_questions == ()
    # Zero-weight questions are reported even though they don't count.
    assert r.questions["d2"].weight == 0 and r.questions["d2"].score == 50


def test_example_2_all_na_section_is_left_out(form):
    r = score_evaluation(form, {**GOOD, "b1": NA, "b2": NA})
    # resolution has no answered question -> None, left out; total = opening alone = 250/3.
    assert r.section_scores["resolution"] is None
    assert r.sections["resolution"].weight == 0
    assert r.total == pytest.approx(250 / 3)


def test_example_3_fail_section(form):
    r = score_evaluation(form, {**GOOD, "b1": 0, "b2": 10})
    # resolution raw = (3*0 + 1*100)/4 = 25, but b1 failed -> section 0 with its full weight 4.
    assert r.sections["resolution"].raw_score == pytest.approx(25)
    assert r.section_scores["resolution"] == 0
    assert r.sections["resolution"].weight == 4
    # total = (250 + 4*0) / (3+4) = 250/7 = 35.71
    assert r.total == pytest.approx(250 / 7)
    assert r.failed_sections == ("resolution",)
    assert r.failed_questions == ("b1",)
    assert r.questions["b1"].failed


def test_example_3b_fail_section_beats_na(form):
    # b2 is N/A, but the failed section still counts with all its weight (3+1): 250/7 again.
    r = score_evaluation(form, {**GOOD, "b1": 0, "b2": NA})
    assert r.section_scores["resolution"] == 0
    assert r.sections["resolution"].weight == 4
    assert r.total == pytest.approx(250 / 7)


def test_example_4_fail_all_beats_everything(form):
    r = score_evaluation(form, {**GOOD, "c1": 0})
    assert r.total == 0
    assert r.failed_all
    assert r.failed_questions == ("c1",)
    # The base and section scores stay visible for coaching.
    assert r.base == pytest.approx(620 / 7)


def test_fail_all_on_zero_weight_item_beats_all_na(form):
    # Even with every N/A-able question N/A, the failed critical item zeroes the evaluation.
    r = score_evaluation(form, {**GOOD, "b1": NA, "b2": NA, "c1": 0})
    assert r.total == 0


def test_na_critical_item_is_not_a_failure(form):
    r = score_evaluation(form, {**GOOD, "b1": NA, "c1": NA})
    assert not r.failed_all and r.failed_sections == ()


def test_zero_weight_question_does_not_move_the_total(form):
    totals = {score_evaluation(form, {**GOOD, "d2": v}).total for v in (1, 2, 3)}
    assert len(totals) == 1


def test_everything_na_gives_no_total():
    f = load_form(
        {
            "id": "f",
            "title": "F",
            "sections": [{"id": "s", "title": "S", "questions": [{"id": "q", "text": "Q", "na_allowed": True}]}],
        }
    )
    r = score_evaluation(f, {"q": NA})
    assert r.total is None and r.base is None


def test_example_5_bonus_clipped_without_allow_above_100():
    f = load_form(demo_form_dict(bonus=BONUS))
    r = score_evaluation(f, {**GOOD, "x1": 1, "x2": 3})
    # bonus = 5 * 100/100 + 4 * ((3-1)/(5-1)*100)/100 = 5 + 2 = 7 points; 620/7 + 7 = 95.57
    assert r.bonus_points == pytest.approx(7)
    assert r.total == pytest.approx(620 / 7 + 7)
    perfect = {**GOOD, "a2": 5, "b2": 10, "x1": 1, "x2": 5}
    # base 100 + 9 bonus points -> clipped to 100
    r = score_evaluation(f, perfect)
    assert r.base == pytest.approx(100) and r.bonus_points == pytest.approx(9)
    assert r.total == 100


def test_example_6_bonus_above_100_when_allowed():
    f = load_form(demo_form_dict(bonus=BONUS, allow_above_100=True))
    r = score_evaluation(f, {**GOOD, "a2": 5, "b2": 10, "x1": 1, "x2": 5})
    assert r.total == pytest.approx(109)


def test_bonus_does_not_rescue_fail_all_and_may_be_omitted():
    f = load_form(demo_form_dict(bonus=BONUS, allow_above_100=True))
    assert score_evaluation(f, {**GOOD, "c1": 0, "x1": 1}).total == 0
    r = score_evaluation(f, GOOD)  # bonus answers omitted -> no bonus
    assert r.bonus_points == 0 and r.total == pytest.approx(620 / 7)
    assert r.question_scores["x1"] is None


def test_bonus_is_added_to_a_failed_section_score():
    f = load_form(demo_form_dict(bonus=BONUS))
    r = score_evaluation(f, {**GOOD, "b1": 0, "b2": 10, "x1": 1})
    assert r.total == pytest.approx(250 / 7 + 5)


def test_custom_scale_and_boolean_yes_no(form):
    f = load_form(
        {
            "id": "f",
            "title": "F",
            "sections": [
                {
                    "id": "s",
                    "title": "S",
                    "questions": [
                        {"id": "p", "text": "Partly", "scale": [0, 0.5, 1]},
                        {"id": "y", "text": "Yes/no", "weight": 3},
                    ],
                }
            ],
        }
    )
    # p = 0.5 -> 50; y = true -> 100; total = (50 + 3*100)/4 = 87.5
    assert score_evaluation(f, {"p": 0.5, "y": True}).total == pytest.approx(87.5)
    assert score_evaluation(f, {"p": 1, "y": False}).total == pytest.approx(25)


def test_result_to_dict_is_json_serialisable(form):
    data = score_evaluation(form, {**GOOD, "b1": 0}).to_dict()
    assert json.loads(json.dumps(data))["failed_sections"] == ["resolution"]
    assert data["questions"]["d1"]["score"] is None


def test_pass_rates(form):
    results = [
        score_evaluation(form, GOOD),  # a2 = 75 pass, b2 = 70 pass
        score_evaluation(form, {**GOOD, "a1": 0, "a2": 3, "b2": NA}),  # a2 = 50 pass (at threshold)
        score_evaluation(form, {**GOOD, "a2": 2, "b2": 4}),  # a2 = 25 fail, b2 = 40 fail
    ]
    rates = pass_rates(results)
    assert (rates["a1"].answered, rates["a1"].passed) == (3, 2)
    assert rates["a1"].percent == pytest.approx(200 / 3)
    assert (rates["a2"].answered, rates["a2"].passed) == (3, 2)
    assert (rates["b2"].answered, rates["b2"].passed, rates["b2"].not_applicable) == (2, 1, 1)
    assert rates["d1"].percent is None  # always N/A
    strict = pass_rates(results, threshold=75)
    assert strict["a2"].passed == 1


# ---------------------------------------------------------------------------------------------
# Validation of answers


@pytest.mark.parametrize(
    ("answers", "qid", "fragment"),
    [
        ({**GOOD, "zz": 1}, "zz", "unknown question id"),
        ({**GOOD, "a2": 6}, "a2", "not on the scale"),
        ({**GOOD, "a2": 2.5}, "a2", "not on the scale"),
        ({**GOOD, "a2": True}, "a2", "must be a number"),
        ({**GOOD, "a2": "4"}, "a2", "must be a number"),
        ({**GOOD, "a1": NA}, "a1", "N/A is not allowed"),
        ({k: v for k, v in GOOD.items() if k != "b2"}, "b2", "missing answer"),
        ({**GOOD, "b2": None}, "b2", "must be a number"),
    ],
)
def test_invalid_answers_name_the_question(form, answers, qid, fragment):
    with pytest.raises(AnswerError) as exc:
        score_evaluation(form, answers)
    assert fragment in exc.value.errors[qid]
    assert f"question {qid!r}" in str(exc.value)
    assert isinstance(exc.value, ValueError)


def test_all_answer_problems_are_reported_at_once(form):
    with pytest.raises(AnswerError) as exc:
        validate_answers(form, {"a1": NA, "a2": 9})
    assert {"a1", "a2", "b1", "b2", "c1", "d1", "d2"} <= set(exc.value.errors)


# ---------------------------------------------------------------------------------------------
# Validation of forms


def _mutate(path: list[Any], value: Any, *, delete: bool = False) -> dict[str, Any]:
    data = demo_form_dict()
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    if delete:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "fragment"),
    [
        (["sections", 0, "questions", 1, "weight"], -1, "section 'opening', question 'a2', field 'weight'"),
        (["sections", 0, "questions", 1, "weight"], True, "field 'weight'"),
        (["sections", 0, "questions", 1, "weight"], math.inf, "field 'weight'"),
        (["sections", 0, "questions", 1, "scale"], "1-7", "question 'a2', field 'scale': unknown scale"),
        (["sections", 0, "questions", 1, "scale"], [1], "at least two numbers"),
        (["sections", 0, "questions", 1, "scale"], [1, 2, 2], "must not repeat"),
        (["sections", 0, "questions", 1, "kind"], "critical", "field 'kind'"),
        (["sections", 0, "questions", 1, "na_allowed"], "yes", "field 'na_allowed'"),
        (["sections", 0, "questions", 1, "wieght"], 2, "question 'a2': unknown field(s) 'wieght'"),
        (["sections", 0, "questions", 1, "text"], "", "question 'a2', field 'text'"),
        (["sections", 0, "questions", 1, "text"], {"fi": ""}, "translation 'fi'"),
        (["sections", 0, "questions", 1, "id"], "a 2", "section 'opening', question #2, field 'id'"),
        (["sections", 0, "questions", 1, "id"], "a1", "duplicate question id"),
        (["sections", 1, "id"], "opening", "duplicate section id"),
        (["sections", 1, "questions"], [], "section 'resolution', field 'questions'"),
        (["sections", 1, "title"], None, "section 'resolution', field 'title'"),
        (["sections"], [], "field 'sections'"),
        (["allow_above_100"], 1, "field 'allow_above_100'"),
        (["format_version"], 2, "unsupported version"),
        (["colour"], "red", "unknown field(s) 'colour'"),
    ],
)
def test_invalid_forms_name_the_place(path, value, fragment):
    with pytest.raises(FormError) as exc:
        load_form(_mutate(path, value))
    assert fragment in str(exc.value)
    assert isinstance(exc.value, ValueError)


def test_form_needs_some_weight():
    data = demo_form_dict()
    for section in data["sections"]:
        for q in section["questions"]:
            q["weight"] = 0
            q["kind"] = "normal"
    with pytest.raises(FormError, match="no question has a weight > 0"):
        load_form(data)


def test_fail_section_needs_section_weight():
    data = _mutate(["sections", 1, "questions", 0, "weight"], 0)
    data["sections"][1]["questions"][1]["weight"] = 0
    with pytest.raises(FormError, match="section 'resolution'.*fail_section"):
        load_form(data)


def test_bonus_questions_must_be_normal():
    bonus = copy.deepcopy(BONUS)
    bonus["questions"][0]["kind"] = "fail_all"
    with pytest.raises(FormError, match="bonus section 'bonus', question 'x1', field 'kind'"):
        load_form(demo_form_dict(bonus=bonus))


def test_round_trip_and_localise(form):
    assert load_form(form_to_dict(form)) == form
    assert localise({"fi": "Hei", "en": "Hi"}, "sv") == "Hi"
    assert localise({"fi": "Hei", "en": "Hi"}, "fi") == "Hei"
    assert localise("Plain", "fi") == "Plain"
    assert localise(None, "fi") == ""


# ---------------------------------------------------------------------------------------------
# Property tests

SCALES = ["yes_no", "1-3", "1-4", "1-5", "0-10", [0, 0.5, 1], [0, 2, 5, 10], [-1, 0, 1]]
WEIGHTS = st.one_of(st.just(0), st.integers(1, 10), st.floats(0.01, 10, allow_nan=False))


@st.composite
def question_dicts(draw, qid: str, *, bonus: bool = False) -> dict[str, Any]:
    kind = "normal" if bonus else draw(st.sampled_from(["normal"] * 4 + ["fail_section", "fail_all"]))
    weight = draw(WEIGHTS)
    if kind == "fail_section":
        weight = max(weight, 1)  # a fail_section section must carry weight (load_form rule)
    return {
        "id": qid,
        "text": qid,
        "weight": weight,
        "scale": draw(st.sampled_from(SCALES)),
        "na_allowed": draw(st.booleans()),
        "kind": kind,
    }


@st.composite
def form_dicts(draw, *, with_bonus: bool | None = None) -> dict[str, Any]:
    n_sections = draw(st.integers(1, 4))
    sections = []
    counter = 0
    for s in range(n_sections):
        questions = []
        for _ in range(draw(st.integers(1, 4))):
            counter += 1
            questions.append(draw(question_dicts(f"q{counter}")))
        sections.append({"id": f"s{s}", "title": f"S{s}", "questions": questions})
    sections[0]["questions"][0]["weight"] = max(sections[0]["questions"][0]["weight"], 0.5)
    data: dict[str, Any] = {
        "id": "prop",
        "title": "Prop",
        "sections": sections,
        "allow_above_100": draw(st.booleans()),
    }
    if with_bonus if with_bonus is not None else draw(st.booleans()):
        data["bonus"] = {
            "id": "bonus",
            "title": "Bonus",
            "questions": [draw(question_dicts(f"bq{i}", bonus=True)) for i in range(draw(st.integers(1, 2)))],
        }
    return data


def answers_for(form_dict: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    parts = {}
    groups = list(form_dict["sections"]) + ([form_dict["bonus"]] if "bonus" in form_dict else [])
    for section in groups:
        for q in section["questions"]:
            scale = q["scale"]
            points = list(SCALE_PRESETS[scale]) if isinstance(scale, str) else scale
            options = st.sampled_from(points)
            if q["na_allowed"]:
                options = options | st.just(NA)
            parts[q["id"]] = options
    return st.fixed_dictionaries(parts)


@st.composite
def forms_and_answers(draw, **kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    data = draw(form_dicts(**kwargs))
    return data, draw(answers_for(data))


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


@settings(max_examples=200, deadline=None)
@given(forms_and_answers(), st.floats(0.001, 1000))
def test_scaling_all_weights_does_not_change_the_score(fa, factor):
    data, answers = fa
    scaled = copy.deepcopy(data)
    for section in scaled["sections"]:  # bonus weights are points, not ratios: left alone
        for q in section["questions"]:
            q["weight"] = q["weight"] * factor
    a = score_evaluation(load_form(data), answers)
    b = score_evaluation(load_form(scaled), answers)
    assert _same(a.total, b.total)
    for sid in a.section_scores:
        assert _same(a.section_scores[sid], b.section_scores[sid])


@settings(max_examples=200, deadline=None)
@given(forms_and_answers(), st.data())
def test_a_failed_fail_all_item_always_gives_zero(fa, data):
    form_dict, answers = fa
    sections = form_dict["sections"]
    target = data.draw(st.integers(0, len(sections)))
    critical = {"id": "crit", "text": "Critical", "weight": data.draw(WEIGHTS), "kind": "fail_all"}
    critical["scale"] = data.draw(st.sampled_from(SCALES))
    if target == len(sections):
        sections.append({"id": "extra", "title": "Extra", "questions": [critical]})
    else:
        sections[target]["questions"].append(critical)
    form = load_form(form_dict)
    answers["crit"] = form.question("crit").scale.minimum
    r = score_evaluation(form, answers)
    assert r.total == 0 and r.failed_all


@settings(max_examples=300, deadline=None)
@given(forms_and_answers(with_bonus=False))
def test_score_is_within_0_and_100_without_bonus(fa):
    data, answers = fa
    r = score_evaluation(load_form(data), answers)
    assert r.total is None or 0 <= r.total <= 100
    for s in r.section_scores.values():
        assert s is None or 0 <= s <= 100 + 1e-9


@settings(max_examples=200, deadline=None)
@given(forms_and_answers(), st.data())
def test_adding_an_na_answer_does_not_change_the_score(fa, data):
    form_dict, answers = fa
    before = score_evaluation(load_form(form_dict), answers)
    sections = form_dict["sections"]
    target = data.draw(st.integers(0, len(sections)))
    # Fail-section beats N/A by design, so an N/A added to a failed section does count.
    assume(target == len(sections) or sections[target]["id"] not in before.failed_sections)
    extra = data.draw(question_dicts("added"))
    extra["na_allowed"] = True
    if target == len(sections):
        sections.append({"id": "added_section", "title": "Added", "questions": [extra]})
    else:
        sections[target]["questions"].append(extra)
    after = score_evaluation(load_form(form_dict), {**answers, "added": NA})
    assert after.total == before.total
    assert after.question_scores["added"] is None


@settings(max_examples=200, deadline=None)
@given(forms_and_answers(), st.data())
def test_raising_a_normal_answer_never_lowers_the_total(fa, data):
    form_dict, answers = fa
    form = load_form(form_dict)
    candidates = [q for _, q in form.questions() if q.kind.value == "normal" and answers[q.id] != NA]
    assume(candidates)
    q = data.draw(st.sampled_from(candidates))
    higher = [p for p in q.scale.points if p > answers[q.id]]
    assume(higher)
    before = score_evaluation(form, answers).total
    after = score_evaluation(form, {**answers, q.id: data.draw(st.sampled_from(higher))}).total
    if before is None:  # nothing weighted answered; raising a weight-0 item cannot change that
        assert after is None
    else:
        assert after is not None and after >= before - 1e-9


@settings(max_examples=100, deadline=None)
@given(form_dicts())
def test_form_round_trips(data):
    form = load_form(data)
    assert load_form(form_to_dict(form)) == form
    assert load_form(json.loads(json.dumps(form_to_dict(form)))) == form


def test_scorecard_format_doc_examples_are_true():
    """docs/scorecard-format.md: the form loads, the answers score as the result block says."""
    doc = (Path(__file__).parents[2] / "docs" / "scorecard-format.md").read_text("utf-8")
    form_json, answers_json, result_json = re.findall(r"```json\n(.*?)```", doc, re.S)
    form = load_form(json.loads(form_json))
    result = score_evaluation(form, json.loads(answers_json))
    assert result.to_dict() == json.loads(result_json)
    assert result.total == 80
