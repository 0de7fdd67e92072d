"""`kohtaamo text analyse`: read texts from a JSONL file the way ingest reads them, without storing anything."""

import argparse
import gzip
import json
import sys
from pathlib import Path
from typing import IO

from kohtaamo.cli.errors import CliError
from kohtaamo.sentiment.cli import register_text_actions


def register(commands: argparse._SubParsersAction) -> None:
    """Add this app's subcommands to the `kohtaamo` parser."""
    text = commands.add_parser("text", help="text intelligence: personal data, language, sentiment, topics")
    actions = text.add_subparsers(dest="action", required=True, metavar="ACTION")
    analyse = actions.add_parser("analyse", help='analyse a JSONL file of {"id", "text", "language"?} lines')
    analyse.add_argument("file", type=Path, help="JSONL (optionally .gz), one text per line")
    analyse.add_argument("--workspace", help="use this workspace's phone region, languages and taxonomy")
    analyse.add_argument("--json", action="store_true", help="print one JSON object per input line")
    analyse.set_defaults(handler=analyse_command)
    register_text_actions(actions)  # labels import, train: a workspace's own sentiment classifier

    insights = commands.add_parser("insights", help="topics and sentiment of a workspace's stored texts")
    areas = insights.add_subparsers(dest="area", required=True, metavar="AREA")
    topics = areas.add_parser("topics", help="the topics of transcripts and survey comments")
    topic_actions = topics.add_subparsers(dest="action", required=True, metavar="ACTION")
    rebuild = topic_actions.add_parser("rebuild", help="tag every stored text again with the workspace's taxonomy")
    rebuild.add_argument("--workspace", required=True, help="workspace slug")
    rebuild.add_argument("--unread-only", action="store_true", help="only texts not read in their present version")
    rebuild.set_defaults(handler=topics_rebuild_command)


def _open(path: Path) -> IO[bytes]:
    if not path.is_file():
        raise CliError(f"no such file: {path}")
    return gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb")


def _workspace(slug: str):
    from kohtaamo.cli.common import has_pending_migrations, workspace_by_slug

    if has_pending_migrations():
        raise CliError("the database is not up to date: run `kohtaamo init` first")
    return workspace_by_slug(slug)


def _analyser(slug: str | None):
    from .selectors import text_analyser_for

    return text_analyser_for(None if slug is None else _workspace(slug))


def analyse_command(args: argparse.Namespace) -> int:
    from kohtaamo.lib.text.lines import LineError, parse_lines

    analyser = _analyser(args.workspace)
    bad = 0
    with _open(args.file) as lines:
        try:
            for parsed in parse_lines(lines):
                if isinstance(parsed, LineError):
                    bad += 1
                    print(f"{args.file}: line {parsed.line}: {parsed.message}", file=sys.stderr)
                    if args.json:
                        print(json.dumps(parsed.to_dict(), ensure_ascii=False))
                    continue
                result = analyser.analyse(parsed.text, parsed.language)
                if args.json:
                    print(json.dumps({"id": parsed.id, **result.to_dict()}, ensure_ascii=False))
                else:
                    topics = ", ".join(result.topics) or "–"
                    pii = ", ".join(result.pii) or "–"
                    print(f"{parsed.id}\t{result.language or '?'}\t{result.sentiment} ({result.sentiment_score:+.2f})"
                          f"\ttopics: {topics}\tpii: {pii}")  # fmt: skip
        except (OSError, EOFError) as error:  # a truncated .gz
            raise CliError(f"{args.file}: {error}") from None
    return 1 if bad else 0


def topics_rebuild_command(args: argparse.Namespace) -> int:
    from kohtaamo.cli.common import progress_bar

    from .services.readings import readings_pending_count, readings_refresh

    workspace = _workspace(args.workspace)
    again = not args.unread_only
    total = readings_pending_count(workspace=workspace, again=again)
    with progress_bar() as bar:
        task = bar.add_task("reading texts", total=total)
        report = readings_refresh(workspace=workspace, again=again, progress=lambda n: bar.advance(task, n))
    print(f"{report.transcripts} transcripts and {report.comments} survey comments tagged")
    return 0
