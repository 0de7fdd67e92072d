"""`kohtaamo text labels import FILE --workspace SLUG` and `kohtaamo text train --workspace SLUG`: a workspace's
labelled examples in from a JSONL file, and its classifier trained in the foreground (the page's button
asks the background worker for the same)."""

import argparse
import gzip
import sys
from pathlib import Path

from kohtaamo.cli.errors import CliError


def register_text_actions(actions: argparse._SubParsersAction) -> None:
    """Add ``labels import`` and ``train`` to the `kohtaamo text` actions."""
    labels = actions.add_parser("labels", help="a workspace's labelled sentiment examples")
    label_actions = labels.add_subparsers(dest="labels_action", required=True, metavar="ACTION")
    imports = label_actions.add_parser(
        "import", help='import a JSONL file of {"text", "sentiment", "language"?} lines (a known text is relabelled)'
    )
    imports.add_argument("file", type=Path, help="JSONL (optionally .gz), one example per line")
    imports.add_argument("--workspace", required=True, help="workspace slug")
    imports.set_defaults(handler=labels_import_command)

    train = actions.add_parser("train", help="train and cross-validate the workspace's sentiment classifier")
    train.add_argument("--workspace", required=True, help="workspace slug")
    train.add_argument("--switch-on", action="store_true", help="switch the classifier on when it is trained")
    train.set_defaults(handler=train_command)


def _workspace(slug: str):
    from kohtaamo.cli.common import has_pending_migrations, workspace_by_slug

    if has_pending_migrations():
        raise CliError("the database is not up to date: run `kohtaamo init` first")
    return workspace_by_slug(slug)


def labels_import_command(args: argparse.Namespace) -> int:
    from kohtaamo.workspaces.access import Actor

    from .services.examples import sentiment_examples_import

    actor = Actor.system(_workspace(args.workspace))
    if not args.file.is_file():
        raise CliError(f"no such file: {args.file}")
    try:
        with gzip.open(args.file, "rb") if args.file.suffix == ".gz" else args.file.open("rb") as lines:
            report = sentiment_examples_import(actor=actor, lines=lines)
    except (OSError, EOFError) as error:  # a truncated .gz
        raise CliError(f"{args.file}: {error}") from None
    for rejected in report.rejected:
        print(f"{args.file}: line {rejected.line}: {rejected.message}", file=sys.stderr)
    print(f"{report.added} examples added, {report.relabelled} relabelled, {report.unchanged} unchanged, "
          f"{len(report.rejected)} lines rejected")  # fmt: skip
    return 1 if report.rejected else 0


def train_command(args: argparse.Namespace) -> int:
    from django.utils import timezone

    from kohtaamo.lib.text.classifier import MIN_PER_LABEL
    from kohtaamo.workspaces.access import Actor

    from .models import SentimentClassifier
    from .presenters import training_view
    from .services.training import sentiment_classifier_switch, sentiment_classifier_train

    workspace = _workspace(args.workspace)
    classifier = SentimentClassifier.objects.create(workspace=workspace, requested_at=timezone.now())
    classifier = sentiment_classifier_train(workspace=workspace, classifier=classifier)
    counts = ", ".join(f"{label} {n}" for label, n in classifier.counts.items())
    view = training_view(classifier)
    if view is None:
        print(f"too few examples to train: at least {MIN_PER_LABEL} of each label are needed ({counts})")
        return 1
    d = view.comparison
    print(f"examples: {counts}")
    for name, accuracy in (("trained (cross-validated)", view.trained), ("lexicon", view.lexicon)):
        print(f"{name}: {accuracy.percent:.1f} % right of {accuracy.n} "
              f"(95 % interval {accuracy.low:.1f}–{accuracy.high:.1f} %)")  # fmt: skip
    print(f"difference {d.difference:+.1f} points (95 % interval {d.ci_low:+.1f} to {d.ci_high:+.1f}, "
          f"p = {d.p_value:.3f})")  # fmt: skip
    if args.switch_on:
        sentiment_classifier_switch(actor=Actor.system(workspace), classifier=classifier, on=True)
        print("switched on: ingest reads this workspace's sentiment with the trained classifier")
    return 0
