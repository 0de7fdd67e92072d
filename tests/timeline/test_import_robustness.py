"""`kohtaamo import` never prints a traceback and never hangs: a bad line is a rejected line, and a
worker process that dies, hangs or answers garbage costs nothing (its chunks are parsed in-process)."""

import gzip
import json
import time
from functools import partial

import pytest

from kohtaamo.cli import main
from kohtaamo.timeline.files import ParallelParser, _chunks, _parse_chunk, parse_workers
from kohtaamo.timeline.models import Interaction
from kohtaamo.timeline.records import InteractionRecord, RecordInvalid
from tests.factories import record
from tests.timeline import failing_parsers

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(capsys):
    def run(*argv):
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def rejects_of(path):
    return [json.loads(line) for line in path.with_name(path.name + ".rejects.jsonl").read_text().splitlines()]


# Lines that must each become one rejection, whatever they hold (the field the rejection names).
JUNK_LINES = [
    ('{"external_id": "s1", "channel": "phone", "started_at": "2026-03-02T09:00:00+02:00",'
     ' "customer": {"name": "\\ud800"}}', "customer.name"),
    ('{"external_id": "s2\\udfff", "channel": "phone", "started_at": "2026-03-02T09:00:00+02:00"}', "external_id"),
    ('{"external_id": "s3", "channel": "phone", "started_at": "2026-03-02T09:00:00+02:00",'
     ' "transcript": [{"text": "a\\u0000"}]}', "transcript[0].text"),
    ('{"external_id": "n1", "wait_seconds": ' + "9" * 5000 + "}", "line"),
    ("[" * 50_000 + "]" * 50_000, "line"),
    ('{"external_id": "inf", "channel": "phone", "started_at": "2026-03-02T09:00:00+02:00", "attributes": {"x": NaN}}',
     "attributes.x"),
    ('{"external_id": "e400", "channel": "phone", "started_at": "2026-03-02T09:00:00+02:00", "wait_seconds": 1e400}',
     "wait_seconds"),
    ("{not json", "line"),
    ('"just a string"', "record"),
]  # fmt: skip


def test_lone_surrogates_and_other_junk_are_rejected_lines_beside_the_good_ones(run, voima, tmp_path):
    path = tmp_path / "calls.jsonl"
    lines = [json.dumps(record(external_id="good-1"))]
    lines += [line for line, _ in JUNK_LINES]
    lines.append(json.dumps(record(external_id="good-2")))
    data = "\n".join(lines).encode("ascii") + b"\n"
    data += b'{"external_id": "bytes", "channel": "phone", "customer": {"name": "\xed\xa0\x80 \xff"}}\n'
    path.write_bytes(data)
    code, out, err = run("import", "interactions", str(path), "--workspace", "voima")
    assert code == 1 and "Traceback" not in out + err
    rejects = rejects_of(path)
    expected = [(n, field) for n, (_, field) in enumerate(JUNK_LINES, 2)] + [(len(lines) + 1, "customer.name")]
    assert [(r["line"], r["errors"][0]["field"]) for r in rejects] == expected
    assert set(Interaction.objects.values_list("external_id", flat=True)) == {"good-1", "good-2"}
    assert "2 created" in out and f"{len(JUNK_LINES) + 1} rejected" in out


def test_text_written_decomposed_in_a_file_is_stored_composed(run, voima, tmp_path):
    """A line read as it is (no escapes) still has its texts in NFC: ``a`` + a combining diaeresis is ``ä``."""
    path = tmp_path / "calls.jsonl"
    lines = [record(external_id="nfc-1", contact_reason="la\u0308heta\u0308n"), record(external_id="nfc-2")]
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n", encoding="utf-8")
    code, out, err = run("import", "interactions", str(path), "--workspace", "voima")
    assert code == 0, out + err
    assert Interaction.objects.get(external_id="nfc-1").contact_reason == "lähetän"


def test_a_big_file_with_bad_lines_mixed_in_imports_every_good_line(run, voima, tmp_path):
    """12,000 lines: three parse chunks in flight at once, a bad line every 97 lines."""
    path = tmp_path / "big.jsonl.gz"
    bad_lines = {}
    with gzip.open(path, "wt", encoding="ascii") as out:
        for n in range(1, 12_001):
            if n % 97 == 0:
                line, field = JUNK_LINES[n % len(JUNK_LINES)]
                bad_lines[n] = field
                out.write(line + "\n")
            else:
                out.write(json.dumps(record(external_id=f"big-{n}", customer={"external_id": f"c-{n % 500}"})) + "\n")
    started = time.monotonic()
    code, out, err = run("import", "interactions", str(path), "--workspace", "voima")
    elapsed = time.monotonic() - started
    assert code == 1 and "Traceback" not in out + err
    assert Interaction.objects.filter(workspace=voima).count() == 12_000 - len(bad_lines)
    assert {r["line"]: r["errors"][0]["field"] for r in rejects_of(path)} == bad_lines
    assert elapsed < 240, elapsed


def test_a_truncated_gzip_keeps_what_was_read_and_names_where_it_stopped(run, voima, tmp_path):
    path = tmp_path / "cut.jsonl.gz"
    whole = gzip.compress(b"".join(json.dumps(record(external_id=f"t-{n}")).encode() + b"\n" for n in range(3000)))
    path.write_bytes(whole[: len(whole) * 2 // 3])
    code, out, err = run("import", "interactions", str(path), "--workspace", "voima")
    assert code == 1 and "Traceback" not in out + err
    [last] = rejects_of(path)[-1:]
    assert last["errors"][0]["field"] == "file" and "cannot be read past line" in last["errors"][0]["message"]
    assert Interaction.objects.count() == last["line"] - 1 > 0


def _lines(tmp_path, count=12):
    path = tmp_path / "few.jsonl"
    path.write_text("".join(json.dumps(record(external_id=f"w-{n}")) + "\n" for n in range(count)))
    return path


@pytest.mark.parametrize("workers", [1, 3])
@pytest.mark.parametrize("failure", [failing_parsers.crash, failing_parsers.unpicklable, failing_parsers.hang])
def test_a_failing_worker_costs_no_line_and_never_hangs(tmp_path, monkeypatch, failure, workers):
    monkeypatch.setattr(ParallelParser, "TIMEOUT", 3.0)
    local = partial(_parse_chunk, region="FI", junk=frozenset(), default_source="default")
    monkeypatch.setattr("kohtaamo.timeline.files.CHUNK", 5)
    parser = ParallelParser(failure, local, workers)
    started = time.monotonic()
    try:
        parsed = list(parser.parse(_chunks(_lines(tmp_path))))
    finally:
        parser.close()
    assert [position for position, _ in parsed] == list(range(1, 13))
    assert all(isinstance(item, InteractionRecord) for _, item in parsed)
    assert time.monotonic() - started < 30


def test_several_workers_hand_the_chunks_back_in_the_file_order(tmp_path, monkeypatch):
    monkeypatch.setattr("kohtaamo.timeline.files.CHUNK", 7)
    parse = partial(_parse_chunk, region="FI", junk=frozenset(), default_source="default")
    parser = ParallelParser(parse, parse, 3)
    try:
        parsed = list(parser.parse(_chunks(_lines(tmp_path, count=200))))
    finally:
        parser.close()
    assert [position for position, _ in parsed] == list(range(1, 201))
    assert [item.external_id for _, item in parsed] == [f"w-{n}" for n in range(200)]


@pytest.mark.parametrize(("cores", "workers"), [(None, 1), (1, 1), (2, 1), (4, 3), (16, 4)])
def test_an_import_parses_on_every_core_but_the_writer_s(monkeypatch, cores, workers):
    monkeypatch.setattr("kohtaamo.timeline.files.os.cpu_count", lambda: cores)
    assert parse_workers() == workers


def test_a_parser_bug_on_one_line_is_a_rejection_of_that_line(monkeypatch):
    def flaky(data, **options):
        if data.get("external_id") == "boom":
            raise KeyError("a bug")
        return "parsed"

    monkeypatch.setattr("kohtaamo.timeline.files.parse_record", flaky)
    chunk = [(1, '{"external_id": "ok"}'), (2, '{"external_id": "boom"}'), (3, '{"external_id": "ok"}')]
    parsed = _parse_chunk(chunk, region="FI", junk=frozenset(), default_source="x")
    assert parsed[0] == (1, "parsed") and parsed[2] == (3, "parsed")
    assert isinstance(parsed[1][1], RecordInvalid) and parsed[1][1].errors[0].field == "line"
