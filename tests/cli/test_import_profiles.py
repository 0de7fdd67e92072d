"""kohtaamo import profiles / import interactions --profile / import zendesk, in-process."""

import shutil
from pathlib import Path

import pytest

from kohtaamo.cli import main
from kohtaamo.timeline.models import Interaction

DATA = Path(__file__).parent.parent / "timeline" / "data"


@pytest.fixture
def run(capsys):
    def run(*argv):
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_import_profiles_lists_the_shipped_ones(run):
    code, out, _ = run("import", "profiles")
    assert code == 0 and all(name in out for name in ("asterisk-queue-log", "asterisk-cdr", "generic-csv"))


def test_a_broken_profile_file_is_named_by_line_and_column(run, tmp_path):
    (tmp_path / "mine.yaml").write_text("name: mine\nformat: xml\nfields:\n  external_id: id\n")
    code, _, err = run("import", "profiles", "--check", str(tmp_path / "mine.yaml"))
    assert code == 2 and "line 2, column 1: format must be one of" in " ".join(err.split()) and "Traceback" not in err


@pytest.mark.django_db
def test_a_queue_log_import_writes_rejects_and_reports_passed_over_lines(run, voima, tmp_path):
    shutil.copy(DATA / "queue_log.day1", tmp_path / "queue_log")
    code, out, _ = run("import", "interactions", str(tmp_path / "queue_log"), "--workspace", "voima",
                       "--profile", "asterisk-queue-log")  # fmt: skip
    assert code == 1 and "5 created" in out and "3 of 22 lines were about agents and queues" in out
    assert len((tmp_path / "queue_log.rejects.jsonl").read_text().splitlines()) == 3
    assert Interaction.objects.of(voima).filter(source="asterisk").count() == 5


@pytest.mark.django_db
def test_a_cdr_in_utc_with_zone_and_an_unknown_profile(run, voima):
    code, _, err = run("import", "interactions", str(DATA / "Master.csv"), "--workspace", "voima", "--profile", "nope")
    assert code == 2 and "no profile 'nope'" in err
    code, _, err = run("import", "interactions", str(DATA / "Master.csv"), "--workspace", "voima",
                       "--profile", "asterisk-cdr", "--zone", "Mars/Olympus")  # fmt: skip
    assert code == 2 and "--zone" in err


@pytest.mark.django_db
def test_import_zendesk(run, voima, tmp_path):
    shutil.copy(DATA / "zendesk_export.jsonl", tmp_path / "export.jsonl")
    code, out, _ = run("import", "zendesk", str(tmp_path / "export.jsonl"), "--workspace", "voima")
    assert code == 1 and "2 created" in out
    assert Interaction.objects.of(voima).filter(source="zendesk").count() == 2
