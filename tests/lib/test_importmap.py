"""Import profiles without a database: checking a profile, reading cells, folding queue_log lines."""

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kohtaamo.lib.importmap import MappingError, ProfileInvalid, load_profile, map_row, shipped_profiles
from kohtaamo.lib.importmap.convert import read_duration, read_timestamp, zone_named
from kohtaamo.lib.importmap.queuelog import LineInvalid, call_row, parse_line

HELSINKI = zone_named("Europe/Helsinki")


def problems(text):
    with pytest.raises(ProfileInvalid) as caught:
        load_profile(text, "mine.yaml")
    return caught.value.problems


def test_every_shipped_profile_loads():
    assert set(shipped_profiles()) == {"asterisk-queue-log", "asterisk-cdr", "generic-csv"}


def test_a_profile_error_names_its_line_and_column():
    text = (
        "name: mine\n"
        "format: csv\n"
        "fields:\n"
        "  external_id: id\n"
        "  started_at: {column: at, format: '%d.%m.%Y %Q'}\n"
        "  channel: {value: phone}\n"
        "  agnet: a\n"
        "  wait_seconds: {column: w, duration: minutes}\n"
        "timestamps: {zone: Europe/Helsinky}\n"
    )
    found = problems(text)
    assert any(p.startswith("line 5, column ") and "fields.started_at.format" in p for p in found)
    assert "line 7, column 3: fields.agnet is not a canonical field" in " ".join(found)
    assert any(p.startswith("line 8, column ") and "fields.wait_seconds.duration must be one of" in p for p in found)
    assert any(p.startswith("line 9, column ") and "timestamps.zone is not a time zone" in p for p in found)


def test_a_syntax_error_names_its_place_in_json_and_yaml():
    assert problems('{"name": "x",\n  "format": }')[0].startswith("line 2, column ")
    assert problems("name: x\nfields: [a\n")[0].startswith("line 3, column ")


def test_a_profile_must_fill_the_required_fields_and_one_source_per_field():
    found = problems("name: x\nformat: csv\nfields:\n  external_id: {column: id, value: 1}\n")
    assert any("needs exactly one of column, value or seconds_between" in p for p in found)
    assert any("must fill started_at" in p for p in found) and any("must fill channel" in p for p in found)


def test_a_headerless_csv_needs_its_columns_named():
    found = problems("name: x\nformat: csv\ncsv: {header: false}\nfields: {external_id: a, started_at: b, channel: c}")
    assert any("csv.columns must name the columns" in p for p in found)


def test_a_row_maps_values_constants_and_dotted_fields():
    profile = load_profile(
        "name: x\nformat: csv\ntimestamps: {format: '%d.%m.%Y %H:%M', zone: Europe/Helsinki}\n"
        "constants: {channel: phone}\n"
        "fields:\n  external_id: id\n  started_at: alkoi\n  customer.phone: numero\n"
        "  attributes.kampanja: kampanja\n  agent.name: nimi\n"
        "  outcome: {column: tulos, values: {OK: resolved}, otherwise: null}\n"
    )
    row = {"id": "7", "alkoi": "2.3.2026 9:15", "numero": "040 1", "kampanja": "kevät", "nimi": "Laura", "tulos": "?"}
    assert map_row(profile, row) == {
        "channel": "phone",
        "external_id": "7",
        "started_at": "2026-03-02T07:15:00+00:00",
        "customer": {"phone": "040 1"},
        "attributes": {"kampanja": "kevät"},
        "agent": {"id": None, "name": "Laura"},
    }
    with pytest.raises(MappingError) as caught:
        map_row(profile, {**row, "alkoi": "2026-03-02"})
    assert [(p.column, p.message) for p in caught.value.problems] == [
        ("alkoi (started_at)", "is not a time in the format %d.%m.%Y %H:%M: '2026-03-02'")
    ]


def test_timestamps_are_read_in_their_zone_and_stored_in_utc():
    assert read_timestamp("2.7.2026 12.00", "%d.%m.%Y %H.%M", HELSINKI) == datetime(2026, 7, 2, 9, tzinfo=UTC)
    assert read_timestamp("1772434800", "epoch", HELSINKI) == datetime(2026, 3, 2, 7, tzinfo=UTC)
    assert read_timestamp("1772434800500", "epoch_ms", HELSINKI).microsecond == 500000
    assert read_timestamp("2026-03-02T09:00:00+01:00", "iso", HELSINKI) == datetime(2026, 3, 2, 8, tzinfo=UTC)
    with pytest.raises(ValueError, match="between 1970 and 3000"):
        read_timestamp("1e300", "epoch", HELSINKI)


def test_durations_in_every_unit():
    assert [read_duration(v, "hh:mm:ss") for v in ("1:02:03", "02:03", "0:00:07,5")] == [3723, 123, 7.5]
    assert (read_duration("12,5", "s"), read_duration("1500", "ms")) == (12.5, 1.5)
    for bad, unit in (("-3", "s"), ("1:75:00", "hh:mm:ss"), ("nan", "s"), ("99999999", "s")):
        with pytest.raises(ValueError):
            read_duration(bad, unit)


@given(st.integers(0, 30 * 86400))
def test_a_clock_reading_is_the_seconds_it_spells(seconds):
    hours, rest = divmod(seconds, 3600)
    assert read_duration(f"{hours}:{rest // 60:02}:{rest % 60:02}", "hh:mm:ss") == seconds


def test_queue_log_lines_about_agents_are_passed_over_and_junk_is_named():
    assert parse_line("1772434790|NONE|NONE|NONE|QUEUESTART|") is None
    assert parse_line("1772435600|NONE|laskutus|PJSIP/mikko|PAUSE|Lounas") is None
    for line, column in (("hello", "line"), ("x|1|q|a|CONNECT|1", "epoch"), ("1772434790|1.1|q|a|WHAT|", "event")):
        with pytest.raises(LineInvalid) as caught:
            parse_line(line)
        assert caught.value.column == column


LINES = [
    "1772434800|c1|laskutus|NONE|ENTERQUEUE||0401234567|1",
    "1772434835|c1|laskutus|PJSIP/laura|CONNECT|35|c2|4",
    "1772435235|c1|laskutus|PJSIP/laura|COMPLETECALLER|35|400|1",
]


@given(st.permutations(LINES), st.integers(0, 2))
def test_a_call_is_the_same_whatever_the_order_or_repetition_of_its_lines(lines, repeated):
    events = [parse_line(line) for line in [*lines, *lines[:repeated]]]
    assert call_row(events) == call_row(parse_line(line) for line in LINES)


def test_an_abandoned_call_waits_until_it_left():
    row = call_row(
        [
            parse_line("1772434900|c9|laskutus|NONE|ENTERQUEUE||+358501112222|2"),
            parse_line("1772434962|c9|laskutus|NONE|ABANDON|1|2|62"),
        ]
    )
    assert (row["wait"], row["answered"], row["ended"], row["last_event"], row["agent"]) == (
        "62", "", "1772434962", "ABANDON", ""
    )  # fmt: skip
