"""Asterisk's queue_log through the shipped profile: one phone interaction per call, whatever the files."""

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kohtaamo.lib.importmap import shipped_profile
from kohtaamo.timeline.ingest import interactions_ingest
from kohtaamo.timeline.ingest.mapped import MappedRead, mapped_records
from kohtaamo.timeline.models import Interaction

DATA = Path(__file__).parent.parent / "data"
PROFILE = shipped_profile("asterisk-queue-log")


def load(workspace, path):
    read = MappedRead()
    records = mapped_records(workspace=workspace, path=path, profile=PROFILE, default_source="default", read=read)
    return interactions_ingest(workspace=workspace, records=records, default_source="asterisk"), read


def at(epoch):
    return datetime.fromtimestamp(epoch, UTC)


def calls(workspace):
    rows = Interaction.objects.of(workspace).select_related("queue", "agent", "customer").order_by("external_id")
    return {
        i.external_id: (
            i.started_at, i.answered_at, i.ended_at, i.wait_seconds, i.handle_seconds, i.abandoned, i.outcome,
            i.queue.key if i.queue else None, i.agent.key if i.agent else None,
            i.customer.identities.get().value if i.customer else None,
        )
        for i in rows
    }  # fmt: skip


DAY_ONE = {
    "1772434800.101": (at(1772434800), at(1772434835), at(1772435235), 35, 400, False, "answered",
                       "laskutus", "PJSIP/laura", "+358401234567"),
    "1772434900.201": (at(1772434900), None, at(1772434962), 62, None, True, "abandoned",
                       "laskutus", None, "+358501112222"),
    "1772435000.301": (at(1772435000), at(1772435010), at(1772435190), 10, 180, False, "transferred",
                       "vika", "PJSIP/mikko", "+358452223333"),
    # Timed out of laskutus after 300 s, answered in the overflow queue: the caller waited 331 s in all.
    "1772435100.401": (at(1772435100), at(1772435431), at(1772435731), 331, 300, False, "answered",
                       "ylivuoto", "PJSIP/anna", "+358409998888"),
    # Still talking when the log rotated: in progress, no end and no outcome yet.
    "1772436000.601": (at(1772436000), at(1772436020), None, 20, None, False, "",
                       "laskutus", "PJSIP/laura", "+358503334444"),
}  # fmt: skip


@pytest.mark.django_db
def test_a_day_of_queue_log_makes_one_interaction_per_call(voima):
    report, read = load(voima, DATA / "queue_log.day1")
    assert calls(voima) == DAY_ONE
    assert (report.created, read.passed_over) == (5, 3)
    rejected = {r.position: [(e.field, e.message) for e in r.errors] for r in report.rejected}
    assert set(rejected) == {16, 17, 18}
    assert rejected[16][0][0] == "line"
    assert rejected[17] == [("epoch", "is not a Unix time: '17724x5500'")]
    assert rejected[18][0][0] == "event" and "'FOOBAR'" in rejected[18][0][1]
    first = Interaction.objects.of(voima).get(external_id="1772434800.101")
    assert (first.channel, first.source, first.direction) == ("phone", "asterisk", "inbound")
    assert first.attributes["ring_no_answer"] == "1" and len(first.attributes["queue_log"]) == 4
    overflow = Interaction.objects.of(voima).get(external_id="1772435100.401")
    assert overflow.attributes["queues"] == "laskutus,ylivuoto"
    transfer = Interaction.objects.of(voima).get(external_id="1772435000.301")
    assert transfer.attributes["transferred_to"] == "2000@from-internal"


@pytest.mark.django_db
def test_a_call_split_across_two_files_is_finished_by_the_second(voima):
    load(voima, DATA / "queue_log.day1")
    report, _ = load(voima, DATA / "queue_log.day2")
    finished = calls(voima)["1772436000.601"]
    assert finished == (at(1772436000), at(1772436020), at(1772436400), 20, 380, False, "answered",
                        "laskutus", "PJSIP/laura", "+358503334444")  # fmt: skip
    assert (report.created, report.updated) == (0, 1)
    assert {k: v for k, v in calls(voima).items() if k != "1772436000.601"} == {
        k: v for k, v in DAY_ONE.items() if k != "1772436000.601"
    }


@pytest.mark.django_db
def test_the_files_in_either_order_give_the_same_calls(voima, linkki):
    load(voima, DATA / "queue_log.day1")
    load(voima, DATA / "queue_log.day2")
    load(linkki, DATA / "queue_log.day2")
    load(linkki, DATA / "queue_log.day1")
    assert calls(linkki) == calls(voima)
    stored = {i.external_id: i.content_hash for i in Interaction.objects.of(voima)}
    assert {i.external_id: i.content_hash for i in Interaction.objects.of(linkki)} == stored


@pytest.mark.django_db
def test_importing_a_file_again_changes_nothing(voima, tmp_path):
    load(voima, DATA / "queue_log.day1")
    load(voima, DATA / "queue_log.day2")
    again = tmp_path / "queue_log.day1.gz"
    import gzip

    again.write_bytes(gzip.compress((DATA / "queue_log.day1").read_bytes()))
    report, _ = load(voima, again)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 5)
    shutil.copy(DATA / "queue_log.day2", tmp_path / "queue_log")
    report, _ = load(voima, tmp_path / "queue_log")
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)


@pytest.mark.django_db
def test_a_call_known_only_by_its_end_is_dated_from_its_hold_and_talk_time(voima, tmp_path):
    (tmp_path / "queue_log").write_text("1772436400|1772436000.601|laskutus|PJSIP/laura|COMPLETEAGENT|20|380|1\n")
    load(voima, tmp_path / "queue_log")
    assert calls(voima)["1772436000.601"] == (
        at(1772436000),
        at(1772436020),
        at(1772436400),
        20,
        380,
        False,
        "answered",
        "laskutus",
        "PJSIP/laura",
        None,
    )
