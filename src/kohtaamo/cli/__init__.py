"""The ``kohtaamo`` command: one entry point for running, importing, demo data and administration.

Each area registers its subcommands in its own module; errors the user can fix are printed as one
clear line (exit 2 for usage errors), never as a traceback.
"""

import argparse
import os
import sys

from rich.console import Console

from .errors import CliError

console = Console(stderr=True)


def build_parser() -> argparse.ArgumentParser:
    from kohtaamo.connectors import cli as connectors
    from kohtaamo.feedback import cli as feedback
    from kohtaamo.insights import cli as insights
    from kohtaamo.notify import cli as notify
    from kohtaamo.operations import cli as operations
    from kohtaamo.privacy import cli as privacy
    from kohtaamo.quality import cli as quality

    from . import admin, backup, data, running

    parser = argparse.ArgumentParser(
        prog="kohtaamo", description="Kohtaamo: customer experience and contact-centre quality, self-hosted."
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in (running, admin, data, backup, feedback, quality, insights, operations, notify, privacy, connectors):
        module.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kohtaamo.settings")
    parser = build_parser()
    args = parser.parse_args(argv)
    import django

    django.setup()
    try:
        return int(args.handler(args) or 0)
    except CliError as error:
        # soft_wrap: the error stays one line however narrow the terminal (or a log reading stderr) is.
        console.print(f"[bold red]kohtaamo {args.command}:[/] {error}", highlight=False, soft_wrap=True)
        return error.exit_code
    except KeyboardInterrupt:
        console.print("Interrupted.")
        return 130


if __name__ == "__main__":
    sys.exit(main())
