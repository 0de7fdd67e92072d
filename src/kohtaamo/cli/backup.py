"""backup and restore: a consistent copy of the SQLite database while the app runs, and putting one back.

The database is the one ``KOHTAAMO_DATABASE_URL`` names (or the default ``kohtaamo.sqlite3`` in the current
folder), exactly as ``kohtaamo serve`` finds it. PostgreSQL has its own tools (``pg_dump``/``pg_restore``),
which these commands point to instead of imitating them (docs/security.md, "Backup and restore").
"""

from pathlib import Path

from .common import has_pending_migrations, progress_bar
from .errors import CliError

PG_DUMP_HINT = "on PostgreSQL use pg_dump and pg_restore (docs/security.md, 'Backup and restore')"

# Tables `kohtaamo init` fills by itself: rows there are not data a restore would lose. Nor is the cache
# (rate-limit counters, settings.CACHES). Any other row means the database is in use.
MIGRATE_FILLS = {"django_migrations", "django_content_type", "auth_permission"}


def register(commands) -> None:
    backup = commands.add_parser(
        "backup", help="copy the SQLite database to FILE, consistently, while the app runs (PostgreSQL: pg_dump)"
    )
    backup.add_argument("file", type=Path, help="the backup file to write")
    backup.add_argument("--force", action="store_true", help="replace FILE if it exists")
    backup.set_defaults(handler=backup_command)

    restore = commands.add_parser(
        "restore", help="put a backup made by `kohtaamo backup` into the database (PostgreSQL: pg_restore)"
    )
    restore.add_argument("file", type=Path, help="the backup file to read")
    restore.add_argument("--force", action="store_true", help="replace a database that already holds data")
    restore.set_defaults(handler=restore_command)


def _sqlite_path(command: str) -> Path:
    """The SQLite file the installation uses; a usage error on any other database."""
    from django.db import connections

    connection = connections["default"]
    if connection.vendor != "sqlite":
        raise CliError(f"kohtaamo {command} copies the SQLite database only; {PG_DUMP_HINT}")
    name = str(connection.settings_dict["NAME"])
    if name.startswith("file:") or name == ":memory:":
        raise CliError(f"kohtaamo {command} needs a database file, not {name}")
    return Path(name)


def _with_progress(description: str, work):
    with progress_bar() as progress:
        task = progress.add_task(description, total=None)

        def moved(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        return work(moved)


def backup_command(args) -> int:
    from django.db import connections

    from kohtaamo.db.backup import BackupError, sqlite_backup

    source = _sqlite_path("backup")
    target: Path = args.file
    if target.exists() and not args.force:
        raise CliError(f"{target} exists: choose another file, or add --force to replace it")
    if not target.parent.is_dir():
        raise CliError(f"no folder {target.parent} for the backup")
    if not source.is_file():
        raise CliError(f"no database at {source}: nothing to back up (KOHTAAMO_DATABASE_URL names it)", exit_code=1)
    connections.close_all()
    try:
        pages = _with_progress(f"Backing up {source.name}", lambda moved: sqlite_backup(source, target, progress=moved))
    except BackupError as error:
        raise CliError(str(error), exit_code=1) from None
    print(f"Backed up {source} to {target} ({pages} pages, {target.stat().st_size:,} bytes).")
    return 0


def restore_command(args) -> int:
    from django.conf import settings
    from django.db import connections

    from kohtaamo.db.backup import BackupError, open_backup, sqlite_restore, tables_with_rows

    target = _sqlite_path("restore")
    source: Path = args.file
    if not source.is_file():
        raise CliError(f"no backup file at {source}")
    if target.exists() and source.resolve() == target.resolve():
        raise CliError(f"{source} is the database itself: restore from a copy")
    connections.close_all()
    try:
        not_data = MIGRATE_FILLS | {settings.CACHES["default"].get("LOCATION", "")}
        in_use = [name for name in tables_with_rows(target) if name not in not_data]
        if in_use and not args.force:
            shown = ", ".join(in_use[:3]) + (f" and {len(in_use) - 3} more" if len(in_use) > 3 else "")
            raise CliError(f"the database {target} already holds data ({shown}); add --force to replace it")
        backup = open_backup(source)
        try:
            pages = _with_progress(
                f"Restoring {source.name}", lambda moved: sqlite_restore(backup, target, progress=moved)
            )
        finally:
            backup.close()
    except BackupError as error:
        raise CliError(str(error), exit_code=1) from None
    print(f"Restored {source} into {target} ({pages} pages).")
    if has_pending_migrations():
        print("The backup is from an earlier version: run `kohtaamo init` to bring it up to date.")
    return 0
