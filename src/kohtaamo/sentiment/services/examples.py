"""Labelled examples: a survey comment labelled on its page, a text typed in, or a JSONL file imported.

Typed and imported texts are masked the way ingest masks (the workspace's redaction), so an example never
keeps personal data the workspace would not store; a survey comment is labelled by reference and keeps its
text on the answer.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from kohtaamo.feedback.models import Answer
from kohtaamo.lib.text.labels import parse_labelled_lines
from kohtaamo.lib.text.language import detect_language
from kohtaamo.lib.text.lines import LineError
from kohtaamo.timeline.redaction import masked_text, redactor_of
from kohtaamo.workspaces.access import Actor

from ..models import SentimentExample

IMPORT_BATCH = 1000


@dataclass
class ImportReport:
    added: int = 0
    relabelled: int = 0
    unchanged: int = 0
    rejected: list[LineError] = field(default_factory=list)


def _hash(text: str, language: str) -> str:
    return hashlib.blake2b(f"{language}\n{text}".encode(), digest_size=16).hexdigest()


def _languages(actor: Actor) -> tuple[str, ...]:
    return tuple(code for code in (actor.workspace.languages or []) if code in ("fi", "sv", "en")) or ("fi", "sv", "en")


def _save(actor: Actor, texts: list[tuple[str, str, str]], report: ImportReport) -> None:
    """Store (masked text, language, sentiment) rows: a new text is added, a known one takes the new label."""
    now = timezone.now()
    rows = {_hash(text, language): (text, language, sentiment) for text, language, sentiment in texts}
    with transaction.atomic():
        known = {
            e.content_hash: e
            for e in SentimentExample.objects.of(actor).filter(answer__isnull=True, content_hash__in=list(rows))
        }
        changed, added = [], []
        for digest, (text, language, sentiment) in rows.items():
            example = known.get(digest)
            if example is None:
                added.append(SentimentExample(workspace=actor.workspace, text=text, language=language,
                                              sentiment=sentiment, content_hash=digest, labelled_by=actor.user,
                                              labelled_at=now))  # fmt: skip
            elif example.sentiment != sentiment:
                example.sentiment, example.labelled_by, example.labelled_at = sentiment, actor.user, now
                changed.append(example)
            else:
                report.unchanged += 1
        SentimentExample.objects.bulk_create(added)
        SentimentExample.objects.of(actor).bulk_update(changed, ["sentiment", "labelled_by", "labelled_at"])
    report.added += len(added)
    report.relabelled += len(changed)


def sentiment_examples_import(*, actor: Actor, lines: Iterable[bytes]) -> ImportReport:
    """Labelled examples from JSONL lines; a bad line is reported by number and field and costs only itself."""
    report = ImportReport()
    redactor = redactor_of(actor.workspace)
    languages = _languages(actor)
    batch: list[tuple[str, str, str]] = []
    for _number, parsed in parse_labelled_lines(lines):
        if isinstance(parsed, LineError):
            report.rejected.append(parsed)
            continue
        text = masked_text(parsed.text, redactor)
        language = parsed.language or detect_language(text, languages) or ""
        batch.append((text, language, parsed.sentiment))
        if len(batch) >= IMPORT_BATCH:
            _save(actor, batch, report)
            batch = []
    if batch:
        _save(actor, batch, report)
    return report


def sentiment_example_add(*, actor: Actor, text: str, language: str | None, sentiment: str) -> ImportReport:
    """One typed example (already validated by the form)."""
    report = ImportReport()
    masked = masked_text(text.strip(), redactor_of(actor.workspace))
    chosen = language or detect_language(masked, _languages(actor)) or ""
    _save(actor, [(masked, chosen, sentiment)], report)
    return report


def answer_label(*, actor: Actor, answer: Answer, sentiment: str) -> SentimentExample:
    """A survey comment labelled (again): the label is kept beside the answer, the text stays on it."""
    with transaction.atomic():
        example = SentimentExample.objects.of(actor).filter(answer=answer).first()
        if example is None:
            example = SentimentExample(workspace=actor.workspace, answer=answer, language=answer.language or "")
        example.sentiment, example.labelled_by, example.labelled_at = sentiment, actor.user, timezone.now()
        example.full_clean()
        example.save()
    return example


def sentiment_example_delete(*, actor: Actor, example: SentimentExample) -> None:
    """A label taken back (a mistake, or a text that teaches nothing)."""
    example.delete()
