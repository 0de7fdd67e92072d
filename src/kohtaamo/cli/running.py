"""init, serve and worker: getting an installation running."""

import errno
import getpass
import logging
import os
import sys

from django.core.management import call_command

from .common import has_pending_migrations, migrate
from .errors import CliError
from .proxy import waitress_proxy_options
from .secret_key import refuse_known_secret_key


def register(commands) -> None:
    init = commands.add_parser("init", help="create or upgrade the database; optionally create an admin")
    init.add_argument("--admin-email", help="create an administrator (password from KOHTAAMO_ADMIN_PASSWORD)")
    init.set_defaults(handler=init_command)

    serve = commands.add_parser("serve", help="run the web app")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--threads", type=int, default=8)
    serve.set_defaults(handler=serve_command)

    worker = commands.add_parser("worker", help="run background tasks (notifications, scheduled jobs)")
    worker.add_argument("--queue", action="append", dest="queues", help="only these queues (repeatable)")
    worker.add_argument("--verbose", action="store_true", help="a line for every task started and finished")
    worker.set_defaults(handler=worker_command)


def init_command(args) -> int:
    from django.contrib.auth import get_user_model

    from kohtaamo.workspaces.services import user_create

    migrate()
    print("Database ready.")
    if not args.admin_email:
        return 0
    if get_user_model().objects.filter(username=args.admin_email.strip().lower()).exists():
        print(f"Admin {args.admin_email} already exists; left as it is.")
        return 0
    password = os.environ.get("KOHTAAMO_ADMIN_PASSWORD")
    if not password:
        if not sys.stdin.isatty():
            raise CliError("set KOHTAAMO_ADMIN_PASSWORD to the admin's password (stdin is not a terminal)")
        password = getpass.getpass(f"Password for {args.admin_email}: ")
    try:
        user_create(email=args.admin_email, password=password, is_superuser=True)
    except Exception as error:  # a ValidationError on the email, shown as one line
        raise CliError(f"cannot create admin {args.admin_email}: {error}") from None
    print(f"Admin {args.admin_email} created.")
    return 0


def serve_command(args) -> int:
    if has_pending_migrations():
        raise CliError("the database is not up to date: run `kohtaamo init` first")
    refuse_known_secret_key(args.host, demo=False)
    serve(args.host, args.port, args.threads)
    return 0


def serve(host: str, port: int, threads: int = 8, *, another_port: str = "`kohtaamo serve --port {port}`") -> None:
    """Listen on ``host:port``, say where only once listening, and serve until Ctrl+C.

    A port that is taken is one line naming it and how to choose another (``another_port``, with the
    next port filled in), exit 2; nothing claims to be running before the socket listens.
    """
    from waitress.server import create_server

    from kohtaamo.wsgi import application

    try:
        server = create_server(application, host=host, port=port, threads=threads, **waitress_proxy_options())
    except OSError as error:
        raise CliError(_listen_error(host, port, error, another_port)) from None
    # The socket is bound and listening now: only now is the address true.
    print(f"Kohtaamo is running at http://{host}:{server.effective_port}/ (Ctrl+C stops it)", flush=True)
    try:
        server.run()
    finally:
        server.close()


def _listen_error(host: str, port: int, error: OSError, another_port: str) -> str:
    another_port = another_port.format(port=port + 1 if port < 65535 else 8000)
    if error.errno == errno.EADDRINUSE:
        return (
            f"port {port} on {host} is already in use (another Kohtaamo, or another program, is listening there); "
            f"stop it or choose another port with {another_port}"
        )
    if error.errno == errno.EACCES:
        return f"not allowed to listen on port {port} (below 1024 needs privileges); choose another with {another_port}"
    return f"cannot listen on {host}:{port}: {error.strerror or error}"


def worker_command(args) -> int:
    if has_pending_migrations():
        raise CliError("the database is not up to date: run `kohtaamo init` first")
    options = {"queue_name": ",".join(args.queues)} if args.queues else {}
    if not args.verbose:
        quiet_task_logs()
    from kohtaamo.connectors.tasks import mailbox_polls_recover
    from kohtaamo.notify.tasks import drains_recover

    # What a killed worker left half done (a drain, a mailbox's poll chain) is picked up again.
    drains_recover()
    mailbox_polls_recover()
    queues = ", ".join(args.queues) if args.queues else "all queues"
    print(f"Kohtaamo worker running ({queues}); Ctrl+C stops it.", flush=True)
    call_command("db_worker", **options)
    return 0


TASK_LOGGERS = ("django.tasks", "django_tasks", "django_tasks_db")


def quiet_task_logs() -> None:
    """The task runner logs every task it starts and finishes (a line a second on a busy outbox): only
    warnings and failures reach the console by default; every result stays in the database."""
    for name in TASK_LOGGERS:
        logging.getLogger(name).addFilter(_warnings_and_worse)


def _warnings_and_worse(record: logging.LogRecord) -> bool:
    return record.levelno >= logging.WARNING
