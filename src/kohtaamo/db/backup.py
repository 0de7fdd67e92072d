"""Online copies of a SQLite database, with SQLite's backup API: the plumbing behind `kohtaamo backup|restore`.

A backup is taken while the app runs. The source connection first opens a read transaction, so in WAL mode
it holds one snapshot for the whole copy: writers carry on (their commits go to the WAL, after the
snapshot), the copy proceeds in steps (a progress bar can move) and never restarts, and the file holds the
database exactly as it was at one moment. The copy is written beside the target and renamed into place
only once it is complete and checked, so a failed backup never leaves half a file under the target's name.
The backup file is switched out of WAL mode: one self-contained file, safe to copy, move or compress.

Nothing here knows Django; the command decides which database is meant (docs/security.md, "Backup").
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

# Pages per step of the copy (4 MiB at SQLite's default page size): small enough for a moving progress bar.
PAGES_PER_STEP = 1024
BUSY_TIMEOUT_SECONDS = 30

Progress = Callable[[int, int], None]  # (pages copied, pages in all)


class BackupError(Exception):
    """A copy could not be made or read; the message is one line the operator can act on."""


def _connect(path: Path | str, *, uri: bool = False) -> sqlite3.Connection:
    # Autocommit (isolation_level=None): this module opens the transactions it needs itself.
    return sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, uri=uri)


def _copy(source: sqlite3.Connection, target: sqlite3.Connection, progress: Progress | None) -> int:
    pages = [0]

    def step(_status: int, remaining: int, total: int) -> None:
        pages[0] = total
        if progress is not None:
            progress(total - remaining, total)

    source.backup(target, pages=PAGES_PER_STEP, progress=step)
    return pages[0]


def _quick_check(connection: sqlite3.Connection, what: str) -> None:
    result = connection.execute("PRAGMA quick_check").fetchone()
    if not result or result[0] != "ok":
        raise BackupError(f"{what} failed SQLite's integrity check: {result[0] if result else 'no answer'}")


def sqlite_backup(source: Path, target: Path, *, progress: Progress | None = None) -> int:
    """Copy the live database ``source`` to ``target`` as one consistent snapshot; the pages copied."""
    if not source.is_file():
        raise BackupError(f"no database at {source}: nothing to back up")
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    try:
        src = _connect(source)
        try:
            src.execute("BEGIN")  # a read transaction: the snapshot the whole copy is taken from
            src.execute("SELECT count(*) FROM sqlite_master").fetchone()
            dst = _connect(partial)
            try:
                pages = _copy(src, dst, progress)
                dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
                _quick_check(dst, "the copy")
            finally:
                dst.close()
        finally:
            src.close()
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as error:
        raise BackupError(f"cannot back up {source} to {target}: {error}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
    return pages


def open_backup(path: Path) -> sqlite3.Connection:
    """The backup file, read-only, after checking that it is an intact Kohtaamo (Django) database.

    Opened before anything is changed, so a wrong or damaged file is refused while the database is intact.
    """
    if not path.is_file():
        raise BackupError(f"no backup file at {path}")
    connection = _connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        _quick_check(connection, str(path))
        has_migrations = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
        ).fetchone()
    except sqlite3.DatabaseError as error:  # not a database at all ("file is not a database")
        connection.close()
        raise BackupError(f"{path} is not a SQLite database: {error}") from None
    except BackupError:
        connection.close()
        raise
    if not has_migrations:
        connection.close()
        raise BackupError(f"{path} is a SQLite database but not one of Kohtaamo's (no django_migrations table)")
    return connection


def tables_with_rows(path: Path) -> list[str]:
    """The tables of the database at ``path`` that hold at least one row (none when there is no file)."""
    if not path.is_file() or path.stat().st_size == 0:
        return []
    connection = _connect(path)
    try:
        names = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return [name for name in names if connection.execute(f'SELECT 1 FROM "{name}" LIMIT 1').fetchone()]  # noqa: S608 - names from sqlite_master
    except sqlite3.Error as error:
        raise BackupError(f"cannot read the database at {path}: {error}") from None
    finally:
        connection.close()


def sqlite_restore(backup: sqlite3.Connection, target: Path, *, progress: Progress | None = None) -> int:
    """Replace the database at ``target`` (created if missing) with ``backup`` (from ``open_backup``).

    The pages copied. The caller decides whether a database holding data may be replaced
    (``tables_with_rows``), and closes ``backup``.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        dst = _connect(target)
        try:
            pages = _copy(backup, dst, progress)
            dst.execute("PRAGMA journal_mode=WAL")  # as the app runs it (settings.py)
            _quick_check(dst, "the restored database")
        finally:
            dst.close()
    except (sqlite3.Error, OSError) as error:
        raise BackupError(f"cannot restore into {target}: {error}") from None
    return pages
