"""`kohtaamo quality score` and `kohtaamo quality agreement`: JSON output, clean errors, exit codes."""

import json

import pytest

from kohtaamo.cli import main

from .conftest import MINI_FORM


@pytest.fixture
def files(tmp_path):
    (tmp_path / "form.json").write_text(json.dumps(MINI_FORM))
    (tmp_path / "answers.json").write_text(json.dumps({"greeting": 0, "tone": 4, "identity": "na"}))
    return tmp_path


def test_score_prints_total_and_sections_as_json(files, capsys):
    code = main(["quality", "score", "--scorecard", str(files / "form.json"), "--answers", str(files / "answers.json"),
                 "--json"])  # fmt: skip
    result = json.loads(capsys.readouterr().out)
    assert code == 0 and result["total"] == pytest.approx(50.0)  # (0 + 2 × 75) / 3
    assert result["sections"]["service"]["score"] == pytest.approx(50.0)


def test_score_names_the_bad_answer(files, capsys):
    (files / "answers.json").write_text(json.dumps({"greeting": 7, "tone": 4, "identity": 1}))
    code = main(["quality", "score", "--scorecard", str(files / "form.json"), "--answers", str(files / "answers.json")])
    assert code == 2 and "greeting: value 7 is not on the scale" in " ".join(capsys.readouterr().err.split())


def test_score_reports_an_invalid_form(files, capsys):
    (files / "form.json").write_text(json.dumps({**MINI_FORM, "sections": []}))
    code = main(["quality", "score", "--scorecard", str(files / "form.json"), "--answers", str(files / "answers.json")])
    assert code == 2 and "non-empty list" in " ".join(capsys.readouterr().err.split())


def test_score_reports_broken_json(files, capsys):
    (files / "answers.json").write_text("{")
    code = main(["quality", "score", "--scorecard", str(files / "form.json"), "--answers", str(files / "answers.json")])
    assert code == 2 and "not valid JSON" in capsys.readouterr().err


def test_agreement_on_krippendorffs_published_example(tmp_path, capsys):
    # Krippendorff (2011): 4 observers × 12 units; nominal alpha 0.743, ordinal 0.815.
    rows = [
        (1, 1, None, 1), (2, 2, 3, 2), (3, 3, 3, 3), (3, 3, 3, 3), (2, 2, 2, 2), (1, 2, 3, 4),
        (4, 4, 4, 4), (1, 1, 2, 1), (2, 2, 2, 2), (None, 5, 5, 5), (None, None, 1, 1), (None, None, 3, None),
    ]  # fmt: skip
    lines = ["unit,A,B,C,D"] + [
        f"u{i},{','.join('' if v is None else str(v) for v in row)}" for i, row in enumerate(rows)
    ]
    (tmp_path / "ratings.csv").write_text("\n".join(lines) + "\n")
    code = main(["quality", "agreement", str(tmp_path / "ratings.csv"), "--json"])
    summary = json.loads(capsys.readouterr().out)
    assert code == 0
    assert summary["krippendorff_alpha"]["nominal"] == pytest.approx(0.743, abs=0.001)
    assert summary["krippendorff_alpha"]["ordinal"] == pytest.approx(0.815, abs=0.001)
    assert 0 <= summary["percent_agreement"] <= 100


def test_agreement_names_the_bad_cell(tmp_path, capsys):
    (tmp_path / "ratings.csv").write_text("unit,A,B\nu1,4,x\n")
    code = main(["quality", "agreement", str(tmp_path / "ratings.csv")])
    assert code == 2 and "line 2, rater 'B'" in " ".join(capsys.readouterr().err.split())


def test_agreement_with_a_missing_file(tmp_path, capsys):
    assert main(["quality", "agreement", str(tmp_path / "nope.csv")]) == 2
    assert "no such ratings file" in capsys.readouterr().err
