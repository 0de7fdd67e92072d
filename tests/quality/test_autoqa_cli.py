"""`kohtaamo quality autoqa FILE --json`: one object per line in order, bad lines named, exit codes 0/1/2."""

import gzip
import json

from kohtaamo.cli import main

CALL = {
    "external_id": "call-1",
    "channel": "phone",
    "started_at": "2026-03-02T08:00:00+02:00",
    "customer": {"name": "Mikko Virtanen"},
    "agent": {"id": "a7", "name": "Liisa"},
    "transcript": [
        {"speaker": "agent", "text": "Hei, Liisa puhelimessa", "at": 0},
        {"speaker": "customer", "text": "Lasku on väärin, olen tosi pettynyt", "at": 4},
        {"speaker": "agent", "text": "Selvä Mikko, hetki, tarkistan", "at": 9},
        {"speaker": "agent", "text": "Kiitos odotuksesta, korjasin sen", "at": 95},
        {"speaker": "customer", "text": "Kiitos, hyvä palvelu", "at": 99},
        {"speaker": "agent", "text": "Hyvää päivänjatkoa!", "at": 102},
    ],
}
CHAT = {
    "id": 42,
    "channel": "chat",
    "transcript": [
        {"speaker": "customer", "text": "Hej, min faktura är fel", "at": "2026-03-02T10:00:00+02:00"},
        {"speaker": "agent", "text": "Hej, du pratar med Anna", "at": "2026-03-02T10:02:30+02:00"},
    ],
}


def run(tmp_path, capsys, lines, *extra, name="in.jsonl"):
    path = tmp_path / name
    body = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n"
    if name.endswith(".gz"):
        path.write_bytes(gzip.compress(body.encode()))
    else:
        path.write_text(body, encoding="utf-8")
    code = main(["quality", "autoqa", str(path), *extra])
    out, err = capsys.readouterr()
    return code, out, err


def test_every_line_gets_its_checks_in_order(tmp_path, capsys):
    code, out, err = run(tmp_path, capsys, [CALL, CHAT], "--json")
    first, second = (json.loads(line) for line in out.splitlines())
    assert code == 0 and err == ""
    assert first["id"] == "call-1" and second["id"] == 42
    checks = first["checks"]
    assert checks["greeting"] == {"passed": True, "evidence": 0}
    assert checks["closing"] == {"passed": True, "evidence": 5}
    assert checks["customer_name_used"] == {"passed": True, "evidence": 2}
    assert checks["hold_announced"] == {"passed": True, "evidence": 2}
    assert checks["agent_max_response_seconds"] is None  # a call
    assert checks["sentiment_start"] < 0 < checks["sentiment_end"]
    chat = second["checks"]
    assert chat["agent_max_response_seconds"] == 150.0
    assert chat["closing"] == {"passed": False, "evidence": None}
    assert chat["customer_name_used"] == {"passed": None, "evidence": None}


def test_the_company_name_makes_a_greeting(tmp_path, capsys):
    record = {**CHAT, "transcript": [CHAT["transcript"][0], {**CHAT["transcript"][1], "text": "Hej, Voima här"}]}
    _, out, _ = run(tmp_path, capsys, [record], "--json")
    assert json.loads(out)["checks"]["greeting"]["passed"] is False
    _, out, _ = run(tmp_path, capsys, [record], "--json", "--company", "Voima")
    assert json.loads(out)["checks"]["greeting"] == {"passed": True, "evidence": 1}


def test_bad_lines_cost_only_themselves_and_exit_1(tmp_path, capsys):
    lines = [
        CALL,
        "{not json",
        {"channel": "chat"},
        {"id": "b", "transcript": "hello"},
        {"id": "c", "transcript": [{"speaker": "agent"}]},
        {"id": "d", "transcript": [{"speaker": "agent", "text": "hi", "at": -5}]},
        {"id": "e", "transcript": [{"speaker": "agent", "text": "hi", "at": "tomorrow"}]},
        {"id": "f", "customer": "Mikko"},
        '{"id": "g", "transcript": [{"speaker": "agent", "text": "\\ud800"}]}',
        [1, 2],
        CHAT,
    ]
    code, out, err = run(tmp_path, capsys, lines, "--json")
    results = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert [r.get("id") for r in results] == ["call-1", None, None, "b", "c", "d", "e", "f", "g", None, 42]
    errors = {r["line"]: r["error"] for r in results if "error" in r}
    assert errors[2].startswith("not valid JSON")
    assert errors[3].startswith("id:")
    assert errors[4].startswith("transcript:")
    assert errors[5] == "transcript[0].text: needs a string"
    assert errors[6].startswith("transcript[0].at:") and errors[7].startswith("transcript[0].at:")
    assert errors[8] == "customer: must be an object"
    assert errors[9].startswith("transcript[0].text: contains a lone surrogate")
    assert errors[10].startswith("must be a JSON object")
    assert len(err.splitlines()) == 9 and "line 5: transcript[0].text" in err
    assert "Traceback" not in err


def test_a_conversation_without_both_speakers_has_nothing_that_applies(tmp_path, capsys):
    _, out, _ = run(tmp_path, capsys, [{"id": "x", "transcript": [{"speaker": "agent", "text": "Hei"}]}], "--json")
    checks = json.loads(out)["checks"]
    assert checks["greeting"] == {"passed": None, "evidence": None}
    assert checks["sentiment_start"] is None


def test_gzip_and_the_readable_table(tmp_path, capsys):
    code, out, _ = run(tmp_path, capsys, [CALL, CHAT], name="in.jsonl.gz")
    assert code == 0
    assert out.splitlines()[0].startswith("call-1\tgreeting: yes\tclosing: yes")
    assert "longest response: 150 s" in out.splitlines()[1]


def test_a_missing_or_truncated_file_is_exit_2(tmp_path, capsys):
    assert main(["quality", "autoqa", str(tmp_path / "nope.jsonl")]) == 2
    (tmp_path / "cut.jsonl.gz").write_bytes(gzip.compress(json.dumps(CALL).encode())[:30])
    assert main(["quality", "autoqa", str(tmp_path / "cut.jsonl.gz"), "--json"]) == 2
    assert "Traceback" not in capsys.readouterr().err
