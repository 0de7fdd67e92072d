"""`kohtaamo backup` / `kohtaamo restore`: a consistent copy while another process writes, restored elsewhere.

These run the real command in its own process against database files of their own (the test database is
not a file), so ``KOHTAAMO_DATABASE_URL`` picks the database exactly as in production.
"""

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kohtaamo.cli import backup as backup_cli
from kohtaamo.cli import main
from kohtaamo.db import backup as plumbing

ROOT = Path(__file__).resolve().parents[2]


def environment(database: Path | str) -> dict[str, str]:
    url = database if isinstance(database, str) else f"sqlite:///{database}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("KOHTAAMO_")}
    return env | {"KOHTAAMO_DATABASE_URL": url, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}"}


def kohtaamo(database: Path | str, *argv: str, cwd: Path) -> subprocess.CompletedProcess:
    code = "import sys; from kohtaamo.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code, *argv], env=environment(database), cwd=cwd, capture_output=True, text=True
    )


def writer(database: Path, *argv: str, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "tests.cli.backup_writer", *argv],
        env=environment(database), cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def every_row(path: Path) -> dict[str, list[tuple]]:
    """Every table of the database at ``path`` with all its rows, in a stable order."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        names = [n for (n,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {name: sorted(connection.execute(f'SELECT * FROM "{name}"'), key=repr) for name in names}  # noqa: S608
    finally:
        connection.close()


def count(path: Path, table: str) -> int:
    connection = sqlite3.connect(path, timeout=30)
    try:
        return connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608
    finally:
        connection.close()


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """An empty, migrated database (`kohtaamo init`), made once and copied by each test."""
    folder = tmp_path_factory.mktemp("migrated")
    database = folder / "kohtaamo.sqlite3"
    done = kohtaamo(database, "init", cwd=folder)
    assert done.returncode == 0, done.stderr
    return database


def copied(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as original, sqlite3.connect(target) as copy:
        original.backup(copy)
    return target


@pytest.fixture(scope="module")
def filled(migrated, tmp_path_factory) -> Path:
    """The migrated database filled by another process through the real services, made once."""
    folder = tmp_path_factory.mktemp("filled")
    database = copied(migrated, folder / "kohtaamo.sqlite3")
    filling = writer(database, cwd=folder)
    out, err = filling.communicate(timeout=300)
    assert filling.returncode == 0 and out.strip() == "ready", err
    return database


@pytest.fixture
def live(filled, tmp_path) -> Path:
    """A database in use, of this test's own."""
    return copied(filled, tmp_path / "live" / "kohtaamo.sqlite3")


def test_a_backup_taken_while_another_process_writes_is_one_consistent_moment(live, tmp_path, monkeypatch):
    stop = tmp_path / "stop"
    busy = writer(live, "--keep-writing", str(stop), cwd=tmp_path)
    try:
        assert busy.stdout.readline().strip() == "ready"
        seen: list[int] = []

        def slowly(done: int, total: int) -> None:  # let the writer commit between the copy's steps
            seen.append(count(live, "timeline_interaction"))
            time.sleep(0.05)

        monkeypatch.setattr(plumbing, "PAGES_PER_STEP", 8)
        started = count(live, "timeline_interaction")
        plumbing.sqlite_backup(live, tmp_path / "backup.sqlite3", progress=slowly)
    finally:
        stop.touch()
        out, err = busy.communicate(timeout=120)
    assert busy.returncode == 0, err
    assert len(seen) > 10
    copy = sqlite3.connect(tmp_path / "backup.sqlite3")
    assert copy.execute("PRAGMA quick_check").fetchone() == ("ok",)
    assert copy.execute("PRAGMA foreign_key_check").fetchall() == []  # no interaction without its customer
    assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one file, no -wal beside it
    in_copy = copy.execute("SELECT count(*) FROM timeline_interaction").fetchone()[0]
    copy.close()
    # One moment: the copy holds what was there when it started, not rows that arrived while it was taken.
    assert started <= in_copy <= seen[0] < seen[-1]
    assert not list(tmp_path.glob(".backup.sqlite3.partial-*"))


def test_backup_and_restore_into_a_new_folder_give_every_table_row_for_row(live, tmp_path):
    stop = tmp_path / "stop"
    busy = writer(live, "--keep-writing", str(stop), cwd=tmp_path)
    try:
        assert busy.stdout.readline().strip() == "ready"
        made = kohtaamo(live, "backup", str(tmp_path / "backup.sqlite3"), cwd=tmp_path)
    finally:
        stop.touch()
        busy.communicate(timeout=120)
    assert made.returncode == 0, made.stderr
    assert "Backed up" in made.stdout
    fresh = tmp_path / "elsewhere" / "new" / "kohtaamo.sqlite3"  # a folder that does not exist yet
    restored = kohtaamo(fresh, "restore", str(tmp_path / "backup.sqlite3"), cwd=tmp_path)
    assert restored.returncode == 0, restored.stderr
    assert "run `kohtaamo init`" not in restored.stdout  # same version: nothing to migrate
    backup, copy = every_row(tmp_path / "backup.sqlite3"), every_row(fresh)
    assert copy == backup
    assert len(copy["timeline_interaction"]) >= 80 and len(copy["workspaces_workspace"]) == 2
    source = every_row(live)
    for table in ("workspaces_workspace", "auth_user", "workspaces_membership", "privacy_auditevent"):
        assert copy[table] == source[table], table  # tables the writer did not touch are as in the source
    assert sqlite3.connect(fresh).execute("PRAGMA journal_mode").fetchone() == ("wal",)
    # The restored installation works: the command reads it through Django.
    listed = kohtaamo(fresh, "workspace", "list", cwd=tmp_path)
    assert listed.returncode == 0 and "voima" in listed.stdout and "linkki" in listed.stdout


def test_restore_refuses_a_database_that_holds_data_unless_forced(live, migrated, tmp_path):
    empty_backup = tmp_path / "empty.sqlite3"
    plumbing.sqlite_backup(migrated, empty_backup)
    before = every_row(live)
    refused = kohtaamo(live, "restore", str(empty_backup), cwd=tmp_path)
    assert refused.returncode == 2
    assert "already holds data" in refused.stderr and "--force" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1 and "Traceback" not in refused.stderr
    assert every_row(live) == before  # untouched
    forced = kohtaamo(live, "restore", str(empty_backup), "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert every_row(live) == every_row(empty_backup)
    # A freshly migrated database holds no data of its own: restoring into it needs no --force.
    fresh = copied(migrated, tmp_path / "fresh.sqlite3")
    assert kohtaamo(fresh, "restore", str(empty_backup), cwd=tmp_path).returncode == 0


def test_bad_files_are_one_line_errors_and_change_nothing(migrated, tmp_path, monkeypatch, capsys):
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE t (x)")
    target = tmp_path / "target.sqlite3"

    def run(database: Path, *argv: str) -> tuple[int, str]:
        # In this process (the command's own process is tested above): only the database path is swapped.
        monkeypatch.setattr(backup_cli, "_sqlite_path", lambda command: database)
        code = main(list(argv))
        return code, capsys.readouterr().err

    cases = [
        (run(target, "restore", str(junk)), 1, "is not a SQLite database"),
        (run(target, "restore", str(other)), 1, "not one of Kohtaamo's"),
        (run(target, "restore", str(tmp_path / "missing")), 2, "no backup file"),
        (run(migrated, "restore", str(migrated)), 2, "is the database itself"),
        (run(target, "backup", str(tmp_path / "b.sqlite3")), 1, "nothing to back up"),
        (run(migrated, "backup", str(junk)), 2, "exists"),
        (run(migrated, "backup", str(tmp_path / "no" / "folder.sqlite3")), 2, "no folder"),
    ]
    for (code, err), expected, words in cases:
        assert (code, len(err.strip().splitlines())) == (expected, 1), err
        assert words in err and "Traceback" not in err
    assert not target.exists() and not (tmp_path / "b.sqlite3").exists()
    assert junk.read_bytes() == b"not a database at all" * 100  # --force is needed to replace a file


@pytest.mark.parametrize("command", ["backup", "restore"])
def test_on_postgresql_both_point_to_pg_dump(tmp_path, command):
    url = "postgres://postgres@127.0.0.1:5432/kohtaamo_backup_test"
    done = kohtaamo(url, command, str(tmp_path / "dump"), cwd=tmp_path)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert "SQLite database only" in done.stderr and "pg_dump" in done.stderr
    assert not (tmp_path / "dump").exists()
