"""What every benchmark does first: a fresh database (SQLite in a temporary folder, or a PostgreSQL one
dropped and created again) with Kohtaamo's tables, Django set up on it.

Benchmarks run from any venv with the repository's ``src`` on the path, so they import this file as a
sibling (``from common import …``).
"""

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))


def fresh_postgres(url: str) -> None:
    """Drop and create the database ``url`` names (connections to it are ended first)."""
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def fresh_database(url: str | None, prefix: str = "kohtaamo-bench-") -> str:
    """Set Django up on a fresh, migrated database: ``url``, or a new SQLite file; returns the URL used."""
    url = url or f"sqlite:///{Path(tempfile.mkdtemp(prefix=prefix)) / 'kohtaamo.sqlite3'}"
    if url.startswith("postgres"):
        fresh_postgres(url)
    os.environ["KOHTAAMO_DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kohtaamo.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return url
