"""`kohtaamo quality ...`: score answers and measure evaluator agreement without the web app."""

import argparse
import gzip
import json
import sys
from pathlib import Path
from typing import IO, Any

from kohtaamo.cli.errors import CliError


def register(commands: argparse._SubParsersAction) -> None:
    """Add this app's subcommands to the `kohtaamo` parser."""
    quality = commands.add_parser("quality", help="quality monitoring: scoring and calibration from files")
    actions = quality.add_subparsers(dest="action", required=True, metavar="ACTION")

    score = actions.add_parser("score", help="score answers against a scorecard (docs/scorecard-format.md)")
    score.add_argument("--scorecard", required=True, type=Path, help="the form JSON")
    score.add_argument("--answers", required=True, type=Path, help='answers JSON: {question id: value or "na"}')
    score.add_argument("--json", action="store_true", help="print the full result as JSON")
    score.set_defaults(handler=score_command)

    agreement = actions.add_parser("agreement", help="percent agreement and Krippendorff's alpha of a ratings CSV")
    agreement.add_argument("ratings", type=Path, help="CSV: header = unit column then rater names; one row per unit")
    agreement.add_argument("--reference", help="rater whose ratings are the gold standard (default: consensus)")
    agreement.add_argument("--labels", action="store_true", help="ratings are labels, not numbers")
    agreement.add_argument("--json", action="store_true", help="print the full summary as JSON")
    agreement.set_defaults(handler=agreement_command)

    autoqa = actions.add_parser("autoqa", help="automatic QA checks on a JSONL file of interactions (import format)")
    autoqa.add_argument("file", type=Path, help="JSONL (optionally .gz), one interaction per line")
    autoqa.add_argument("--company", action="append", default=[], help="the company's name a greeting should say")
    autoqa.add_argument(
        "--allow", action="append", default=[], help="a word the spelling check accepts (a product name)"
    )
    autoqa.add_argument("--json", action="store_true", help="print one JSON object per input line")
    autoqa.set_defaults(handler=autoqa_command)

    run = actions.add_parser("autoqa-run", help="run the automatic QA checks on a workspace's stored interactions")
    run.add_argument("--workspace", required=True, help="workspace slug")
    run.add_argument("--all", action="store_true", help="check again interactions already checked")
    run.set_defaults(handler=autoqa_run_command)


def _read_json(path: Path, what: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CliError(f"no such {what} file: {path}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise CliError(f"{path} is not valid JSON: {error}") from None


def score_command(args: argparse.Namespace) -> int:
    from kohtaamo.lib.qa.answers import AnswerError
    from kohtaamo.lib.qa.form_json import FormError, load_form
    from kohtaamo.lib.qa.scoring import score_evaluation

    try:
        form = load_form(_read_json(args.scorecard, "scorecard"))
    except FormError as error:
        raise CliError(f"{args.scorecard}: {error}") from None
    try:
        result = score_evaluation(form, _read_json(args.answers, "answers"))
    except AnswerError as error:
        details = "; ".join(f"{qid}: {message}" for qid, message in error.errors.items())
        raise CliError(f"{args.answers}: {details}") from None
    if args.json:
        json.dump(result.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    total = "not scorable (everything N/A)" if result.total is None else f"{result.total:.2f}"
    print(f"total: {total}")
    for section_id, section in result.sections.items():
        shown = "–" if section.score is None else f"{section.score:.2f}"
        print(f"  {section_id}: {shown}{' (failed)' if section.failed else ''}")
    return 0


def agreement_command(args: argparse.Namespace) -> int:
    from kohtaamo.lib.agreement.summary import summarise

    from .ratings_csv import read_ratings_csv

    if not args.ratings.is_file():
        raise CliError(f"no such ratings file: {args.ratings}")
    try:
        table = read_ratings_csv(args.ratings, numeric=not args.labels)
        summary = summarise(table, reference=args.reference)
    except ValueError as error:
        raise CliError(f"{args.ratings}: {error}") from None
    if args.json:
        json.dump(summary, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    alpha = summary["krippendorff_alpha"]
    print(f"{summary['units']} units, {len(summary['raters'])} raters ({summary['pairable_units']} with 2+ ratings)")
    print(f"percent agreement: {summary['percent_agreement']}")
    for metric, value in alpha.items():
        print(f"Krippendorff's alpha ({metric}): {value}")
    if "icc" in summary:
        print(f"ICC(2,1): {summary['icc']['icc2_1']}  ICC(3,1): {summary['icc']['icc3_1']}")
    return 0


def _open(path: Path) -> IO[bytes]:
    if not path.is_file():
        raise CliError(f"no such file: {path}")
    return gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb")


def _summary_line(identifier: object, checks: dict[str, Any]) -> str:
    marks = {True: "yes", False: "no", None: "–"}
    shown = [f"{name}: {marks[checks[name]['passed']]}" for name in ("greeting", "closing", "customer_name_used",
                                                                      "hold_announced")]  # fmt: skip
    spelling = checks["spelling"]
    shown.append(f"spelling: {marks[spelling['passed']]}" if spelling["reason"] is None
                 else f"spelling: not available ({spelling['reason']})")  # fmt: skip
    delay = checks["agent_max_response_seconds"]
    shown.append(f"longest response: {'–' if delay is None else f'{delay:.0f} s'}")
    return f"{identifier}\t" + "\t".join(shown)


def autoqa_command(args: argparse.Namespace) -> int:
    from kohtaamo.insights.dictionaries import speller_for
    from kohtaamo.lib.qa.autoqa import check_transcript
    from kohtaamo.lib.qa.autoqa_lines import parse_interaction_lines
    from kohtaamo.lib.text.lines import LineError
    from kohtaamo.lib.text.spelling import allowed_words

    bad = 0
    with _open(args.file) as lines:
        try:
            for parsed in parse_interaction_lines(lines):
                if isinstance(parsed, LineError):
                    bad += 1
                    print(f"{args.file}: line {parsed.line}: {parsed.message}", file=sys.stderr)
                    if args.json:
                        print(json.dumps(parsed.to_dict(), ensure_ascii=False))
                    continue
                names = [*args.company, *([parsed.agent_name] if parsed.agent_name else [])]
                result = check_transcript(
                    parsed.transcript,
                    language=parsed.language,
                    customer_name=parsed.customer_name,
                    channel=parsed.channel,
                    names=names,
                    spellers=speller_for,
                    allowed=allowed_words(args.allow),
                )
                checks = result.to_dict()
                if args.json:
                    print(json.dumps({"id": parsed.id, "checks": checks}, ensure_ascii=False))
                else:
                    print(_summary_line(parsed.id, checks))
        except (OSError, EOFError) as error:  # a truncated .gz
            raise CliError(f"{args.file}: {error}") from None
    return 1 if bad else 0


def autoqa_run_command(args: argparse.Namespace) -> int:
    from kohtaamo.cli.common import has_pending_migrations, progress_bar, workspace_by_slug

    from .services.autoqa import autoqa_pending_count, autoqa_run

    if has_pending_migrations():
        raise CliError("the database is not up to date: run `kohtaamo init` first")
    workspace = workspace_by_slug(args.workspace)
    total = autoqa_pending_count(workspace=workspace, again=args.all)
    with progress_bar() as bar:
        task = bar.add_task("automatic QA", total=total)
        report = autoqa_run(workspace=workspace, again=args.all, progress=lambda n: bar.advance(task, n))
    print(f"{report.checked} interactions checked, {report.skipped} without an agent and a customer turn")
    return 0
