"""CSV files through a profile: Asterisk's CDR Master.csv and a spreadsheet report, rejects by line and column."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from kohtaamo.lib.importmap import load_profile, shipped_profile
from kohtaamo.lib.importmap.convert import zone_named
from kohtaamo.timeline.ingest import interactions_ingest
from kohtaamo.timeline.ingest.mapped import mapped_records
from kohtaamo.timeline.models import Interaction

DATA = Path(__file__).parent.parent / "data"


def load(workspace, path, profile):
    records = mapped_records(workspace=workspace, path=path, profile=profile, default_source="default")
    return interactions_ingest(workspace=workspace, records=records)


def stored(workspace):
    rows = Interaction.objects.of(workspace).select_related("queue", "agent", "customer").order_by("external_id")
    return {
        i.external_id: (
            i.started_at, i.answered_at, i.ended_at, i.wait_seconds, i.handle_seconds, i.abandoned, i.outcome,
            i.queue.key if i.queue else None, i.agent.key if i.agent else None,
            i.customer.identities.get().value if i.customer else None,
        )
        for i in rows
    }  # fmt: skip


def utc(*parts):
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.django_db
def test_asterisk_cdr_rows_become_calls_in_the_pbx_zone(voima):
    report = load(voima, DATA / "Master.csv", shipped_profile("asterisk-cdr"))
    assert stored(voima) == {
        "1772434800.11": (utc(2026, 3, 2, 7, 0), utc(2026, 3, 2, 7, 0, 12), utc(2026, 3, 2, 7, 5, 12), 12, 300,
                          False, "answered", None, None, "+358401234567"),
        "1772435400.13": (utc(2026, 3, 2, 7, 10), None, utc(2026, 3, 2, 7, 10, 30), None, 0, True, "abandoned",
                          None, None, "+358501112222"),
    }  # fmt: skip
    [bad] = report.rejected
    assert bad.position == 3 and bad.external_id == "1772435460.15"
    assert [(e.field, e.message) for e in bad.errors] == [
        ("start (started_at)", "is not a time in the format %Y-%m-%d %H:%M:%S: '2026-03-02 25:10:00'"),
    ]
    first = Interaction.objects.of(voima).get(external_id="1772434800.11")
    assert (first.source, first.attributes["dialled"], first.attributes["context"]) == (
        "asterisk-cdr",
        "100",
        "from-pstn",
    )


@pytest.mark.django_db
def test_a_cdr_written_in_utc_is_read_with_zone_utc(voima):
    load(voima, DATA / "Master.csv", shipped_profile("asterisk-cdr").in_zone(zone_named("UTC")))
    assert Interaction.objects.of(voima).get(external_id="1772434800.11").started_at == utc(2026, 3, 2, 9, 0)


@pytest.mark.django_db
def test_a_spreadsheet_report_through_the_generic_profile(voima):
    report = load(voima, DATA / "report.csv", shipped_profile("generic-csv"))
    assert stored(voima) == {
        "c-1001": (utc(2026, 3, 2, 7, 12), utc(2026, 3, 2, 7, 13), utc(2026, 3, 2, 7, 20), 65, 400, False,
                   "resolved", "Laskutus", "laura", "+358401234567"),
        "c-1002": (utc(2026, 3, 2, 7, 30), None, utc(2026, 3, 2, 7, 31), 70, None, True, "abandoned",
                   "Laskutus", None, "+358501112222"),
    }  # fmt: skip
    [bad] = report.rejected
    assert (bad.position, bad.external_id) == (4, "c-1003")
    assert [(e.field, e.message) for e in bad.errors] == [
        ("Puheaika (handle_seconds)", "is not a duration written hh:mm:ss or mm:ss: '4 min'")
    ]
    assert Interaction.objects.of(voima).get(external_id="c-1001").contact_reason == "lasku"


@pytest.mark.django_db
def test_a_canonical_error_names_the_column_that_filled_the_field(voima, tmp_path):
    profile = load_profile("name: mine\nformat: csv\nfields:\n  external_id: id\n  started_at: at\n  channel: kanava\n")
    (tmp_path / "calls.csv").write_text("id,at,kanava\n1,2026-03-02T09:00:00+02:00,fax\n2,,phone\n")
    report = load(voima, tmp_path / "calls.csv", profile)
    errors = {r.position: [(e.field, e.message) for e in r.errors] for r in report.rejected}
    assert errors[2][0][0] == "kanava (channel)" and errors[2][0][1].startswith("must be one of")
    assert errors[3] == [("at (started_at)", "is required")]


@pytest.mark.django_db
def test_a_row_longer_than_the_header_is_rejected_at_its_line(voima, tmp_path):
    profile = load_profile("name: mine\nformat: csv\nfields: {external_id: id, started_at: at, channel: {value: chat}}")
    (tmp_path / "c.csv").write_text("id,at\n1,2026-03-02T09:00:00Z\n2,2026-03-02T09:00:00Z,extra\n\n")
    report = load(voima, tmp_path / "c.csv", profile)
    assert report.created == 1 and [(r.position, r.errors[0].field) for r in report.rejected] == [(3, "row")]
