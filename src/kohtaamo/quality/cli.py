"""`kohtaamo quality ...`: score answers and measure evaluator agreement without the web app."""

import argparse
import json
import sys
from pathlib import Path
from typing import Any

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
