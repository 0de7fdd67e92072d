"""import and demo: getting data in."""

import os
import subprocess
import sys
from pathlib import Path

from kohtaamo.feedback.cli import add_responses_import

from . import mapping
from .common import (
    count_kpis,
    has_pending_migrations,
    print_import_report,
    progress_bar,
    workspace_by_slug,
    write_rejects,
)
from .errors import CliError


def register(commands) -> None:
    importing = commands.add_parser("import", help="import records from a file")
    kinds = importing.add_subparsers(dest="kind", required=True, metavar="KIND")
    interactions = kinds.add_parser("interactions", help="interactions from .jsonl or .csv (optionally .gz)")
    interactions.add_argument("file", type=Path)
    interactions.add_argument("--workspace", required=True)
    interactions.add_argument("--source", help="source system when records (or the profile) don't name one")
    interactions.add_argument("--rejects", type=Path, help="where to write rejected rows (default FILE.rejects.jsonl)")
    interactions.add_argument("--profile", help="read another system's file: a shipped profile's name or a file")
    interactions.add_argument("--zone", help="time zone of the file's local times, overriding the profile's")
    interactions.set_defaults(handler=import_interactions_command)
    mapping.register(kinds)
    add_responses_import(kinds, "responses", help="survey answers from another tool (also `feedback import`)")

    demo = commands.add_parser("demo", help="build realistic demo data and start the web app")
    demo.add_argument("--no-serve", action="store_true", help="only build the data")
    demo.add_argument("--no-worker", action="store_true", help="do not start the background worker")
    demo.add_argument("--fresh", action="store_true", help="delete earlier demo data and build it again")
    demo.add_argument("--seed", type=int, default=7)
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)
    demo.set_defaults(handler=demo_command)


def import_interactions_command(args) -> int:
    from django.db import DatabaseError

    from kohtaamo.db.rows import tune_for_bulk_import
    from kohtaamo.timeline.files import UnsupportedFile, count_lines, file_format, read_parsed
    from kohtaamo.timeline.ingest import interactions_ingest, parse_options

    if has_pending_migrations():
        raise CliError("the database is not up to date: run `kohtaamo init` first")
    if not args.file.is_file():
        raise CliError(f"no such file: {args.file}")
    if args.profile:
        return mapping.import_through_profile(args)
    args.source = args.source or "default"
    try:
        file_format(args.file)
    except UnsupportedFile as error:
        raise CliError(str(error)) from None
    workspace = workspace_by_slug(args.workspace)
    tune_for_bulk_import()
    with progress_bar() as progress:
        task = progress.add_task(f"Importing {args.file.name}", total=count_lines(args.file))
        try:
            report = interactions_ingest(
                workspace=workspace,
                records=read_parsed(args.file, **parse_options(workspace, args.source)),
                default_source=args.source,
                progress=lambda n: progress.advance(task, n),
            )
        except DatabaseError as error:
            # Bad lines are rejected before they reach the database; this is the database itself failing.
            raise CliError(f"the database refused a batch ({error}); the batches before it are stored") from None
    count_kpis(workspace)
    print_import_report(report)
    return write_rejects(report.rejected, args.file, args.rejects)


def demo_command(args) -> int:
    from kohtaamo.demo import demo_build

    from .common import migrate
    from .running import serve
    from .secret_key import refuse_known_secret_key

    if not args.no_serve:
        refuse_known_secret_key(args.host, demo=True)
    migrate()
    url = f"http://{args.host}:{args.port}/"
    # Survey links in invitations start with the public address: in the demo that is this server (and its
    # worker, which inherits it), on whatever port it was given.
    os.environ.setdefault("KOHTAAMO_PUBLIC_URL", url.rstrip("/"))
    summary = demo_build(seed=args.seed, fresh=args.fresh, progress_factory=progress_bar, url=url)
    print(summary.describe())
    if args.no_serve:
        return 0
    worker = None if args.no_worker else _start_worker()
    try:
        serve(args.host, args.port, another_port="`make demo PORT={port}` or `kohtaamo demo --port {port}`")
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=10)
    return 0


def _start_worker() -> subprocess.Popen:
    """The demo runs the background worker beside the web app, as production does, so a declared incident's
    messages go out (to the "Sent messages" page: the demo's channels only record) while you watch."""
    command = [sys.executable, "-c", "import sys; from kohtaamo.cli import main; sys.exit(main(['worker']))"]
    worker = subprocess.Popen(command, stdout=subprocess.DEVNULL)  # noqa: S603 (our own interpreter and code)
    print(f"Background worker started (process {worker.pid}); it stops with the web app.")
    return worker
