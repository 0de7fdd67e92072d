"""`kohtaamo text analyse`: one JSON object per input line, in order; bad lines cost only themselves."""

import gzip
import json

import pytest

from kohtaamo.cli import main

LINES = [
    {"id": 1, "text": "Laskuni on väärin ja olen todella pettynyt. Soittakaa 040 123 4567"},
    {"id": "sv-1", "text": "Tack så mycket, jättebra service!"},
    {"id": "en-1", "text": "Thank you, the agent was really helpful.", "language": "en"},
    {"id": "fi-2", "text": "Henkilötunnukseni on 131052-308T ja tilini FI2112345600000785"},
]


def _write(path, lines):
    path.write_text("\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n")
    return path


def _run(capsys, *args):
    code = main(["text", "analyse", *map(str, args)])
    captured = capsys.readouterr()
    return code, [json.loads(line) for line in captured.out.splitlines()], captured.err


def test_it_prints_one_object_per_line_in_order(tmp_path, capsys):
    code, out, err = _run(capsys, _write(tmp_path / "texts.jsonl", LINES), "--json")
    assert code == 0 and err == ""
    assert [row["id"] for row in out] == [1, "sv-1", "en-1", "fi-2"]
    assert set(out[0]) == {"id", "language", "sentiment", "sentiment_score", "topics", "pii", "redacted"}
    assert out[0]["language"] == "fi" and out[0]["sentiment"] == "negative" and -1 <= out[0]["sentiment_score"] < 0
    assert out[0]["topics"] == ["billing"] and out[0]["pii"] == ["phone"]
    assert out[0]["redacted"] == "Laskuni on väärin ja olen todella pettynyt. Soittakaa [PHONE]"
    assert out[1]["language"] == "sv" and out[1]["sentiment"] == "positive"
    assert out[2]["language"] == "en" and out[2]["sentiment"] == "positive"
    assert out[3]["pii"] == ["personal_id", "iban"]
    assert out[3]["redacted"] == "Henkilötunnukseni on [PERSONAL_ID] ja tilini [IBAN]"


def test_bad_lines_are_reported_with_their_number_and_the_rest_still_analysed(tmp_path, capsys):
    lines = [LINES[0], "{not json", {"id": 2}, '["a list"]', "", {"id": True, "text": "x"},
             {"id": 3, "text": "fine", "language": 7}, LINES[1]]  # fmt: skip
    code, out, err = _run(capsys, _write(tmp_path / "texts.jsonl", lines), "--json")
    assert code == 1
    assert [row.get("line") for row in out] == [None, 2, 3, 4, 6, 7, None]
    assert out[2] == {"line": 3, "id": 2, "error": "text: needs a string"}
    assert out[-1]["id"] == "sv-1" and out[-1]["sentiment"] == "positive"
    assert "line 2: not valid JSON" in err and "line 7: language:" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 5


def test_invalid_utf8_is_a_line_error(tmp_path, capsys):
    path = tmp_path / "texts.jsonl"
    path.write_bytes(b'{"id": 1, "text": "\xff"}\n' + json.dumps(LINES[1]).encode() + b"\n")
    code, out, err = _run(capsys, path, "--json")
    assert code == 1 and out[0] == {"line": 1, "id": None, "error": "not UTF-8 text"} and out[1]["id"] == "sv-1"


def test_gzipped_input(tmp_path, capsys):
    path = tmp_path / "texts.jsonl.gz"
    path.write_bytes(gzip.compress(json.dumps(LINES[2]).encode() + b"\n"))
    code, out, _ = _run(capsys, path, "--json")
    assert code == 0 and out[0]["id"] == "en-1"


def test_a_missing_file_is_one_clear_line(tmp_path, capsys):
    code = main(["text", "analyse", str(tmp_path / "nope.jsonl")])
    assert code == 2 and "no such file" in capsys.readouterr().err


def test_without_json_it_prints_a_line_per_text(tmp_path, capsys):
    code = main(["text", "analyse", str(_write(tmp_path / "texts.jsonl", LINES[:1]))])
    out = capsys.readouterr().out
    assert code == 0 and out.startswith("1\tfi\tnegative") and "pii: phone" in out


@pytest.mark.django_db
def test_the_workspace_decides_the_phone_region(tmp_path, capsys):
    from tests import factories

    factories.workspace("us-brand", "US Brand", country="US")
    path = _write(tmp_path / "texts.jsonl", [{"id": 1, "text": "call me at (202) 555-0143 please", "language": "en"}])
    code, out, _ = _run(capsys, path, "--workspace", "us-brand", "--json")
    assert code == 0 and out[0]["pii"] == ["phone"] and out[0]["redacted"] == "call me at [PHONE] please"


@pytest.mark.django_db
def test_an_unknown_workspace_is_named(tmp_path, capsys):
    code = main(["text", "analyse", str(_write(tmp_path / "t.jsonl", LINES[:1])), "--workspace", "nope"])
    assert code == 2 and "no workspace 'nope'" in capsys.readouterr().err
