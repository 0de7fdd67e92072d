"""Reading every stored text once: language, sentiment and topics of transcripts and survey comments.

Run in the background after every ingest batch and answer write (``tasks``), after a taxonomy change, and
by `kohtaamo insights topics rebuild`. A text is read when it has no reading for its present content
(``content_hash``); a rebuild reads them all again. Each batch is computed first, then written with one
delete and two multi-row inserts: no query per text.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import Length

from kohtaamo.db.locks import advisory_lock
from kohtaamo.feedback.models import Answer
from kohtaamo.lib.text.analysis import TextAnalyser
from kohtaamo.lib.text.stored import StoredReading, read_comment, read_transcript_text
from kohtaamo.timeline.models import Interaction
from kohtaamo.workspaces.models import Workspace

from ..models import Source, TextReading, TopicMention
from ..selectors.analyser import text_analyser_for

READINGS_LOCK = "insights.readings"
BATCH = 1000


@dataclass
class ReadingReport:
    transcripts: int = 0
    comments: int = 0

    @property
    def total(self) -> int:
        return self.transcripts + self.comments


def pending_transcripts(workspace: Workspace, *, again: bool = False) -> QuerySet[Interaction]:
    rows = Interaction.objects.of(workspace).exclude(transcript=[])
    if again:
        return rows
    current = TextReading.objects.of(workspace).filter(
        interaction=OuterRef("pk"), content_hash=OuterRef("content_hash")
    )
    return rows.filter(~Exists(current))


def pending_comments(workspace: Workspace, *, again: bool = False) -> QuerySet[Answer]:
    rows = Answer.objects.of(workspace).exclude(text="")
    if again:
        return rows
    current = TextReading.objects.of(workspace).filter(
        answer=OuterRef("pk"), content_hash=OuterRef("content_hash"), text_length=Length(OuterRef("text"))
    )
    return rows.filter(~Exists(current))


def readings_pending_count(*, workspace: Workspace, again: bool = False) -> int:
    return pending_transcripts(workspace, again=again).count() + pending_comments(workspace, again=again).count()


def _batches[M: (Interaction, Answer)](rows: QuerySet[M]) -> Iterator[list[M]]:
    """Rows in primary-key order, a batch at a time (keyset paging: each batch a fresh, short query)."""
    last = 0
    while batch := list(rows.filter(pk__gt=last).order_by("pk")[:BATCH]):
        last = batch[-1].pk
        yield batch


def _week_and_month(moment: datetime, workspace: Workspace) -> tuple[date, date]:
    day = moment.astimezone(workspace.tz).date()
    return day - timedelta(days=day.weekday()), day.replace(day=1)


def _rows(workspace: Workspace, owner: Interaction | Answer, reading: StoredReading) -> TextReading:
    is_answer = isinstance(owner, Answer)
    at = owner.answered_at if is_answer else owner.started_at
    row = TextReading(
        workspace=workspace,
        interaction=None if is_answer else owner,
        answer=owner if is_answer else None,
        content_hash=owner.content_hash,
        text_length=len(owner.text) if is_answer else 0,
        at=at,
        language=reading.language or "",
        sentiment=reading.sentiment,
        sentiment_score=reading.sentiment_score,
        topics=reading.topics,
    )
    week, month = _week_and_month(at, workspace)
    row.pending_mentions = [  # type: ignore[attr-defined]
        TopicMention(workspace=workspace, topic=topic, source=Source.COMMENT if is_answer else Source.TRANSCRIPT,
                     sentiment=reading.sentiment, response_id=owner.response_id if is_answer else None,
                     at=at, week=week, month=month)
        for topic in reading.topics
    ]  # fmt: skip
    return row


def _write(workspace: Workspace, field: str, readings: list[TextReading]) -> None:
    with transaction.atomic():
        advisory_lock(READINGS_LOCK, workspace.pk)
        owners = [getattr(reading, f"{field}_id") for reading in readings]
        TextReading.objects.of(workspace).filter(**{f"{field}_id__in": owners}).delete()
        stored = TextReading.objects.bulk_create(readings)
        mentions = []
        for reading in stored:
            for mention in reading.pending_mentions:  # type: ignore[attr-defined]
                mention.reading = reading
                mentions.append(mention)
        TopicMention.objects.bulk_create(mentions)


def _read_transcripts(workspace, analyser: TextAnalyser, again: bool, progress, report: ReadingReport) -> None:
    rows = pending_transcripts(workspace, again=again).only("pk", "transcript", "content_hash", "started_at")
    for batch in _batches(rows):
        _write(
            workspace, "interaction", [_rows(workspace, i, read_transcript_text(analyser, i.transcript)) for i in batch]
        )
        report.transcripts += len(batch)
        if progress:
            progress(len(batch))


def _read_comments(workspace, analyser: TextAnalyser, again: bool, progress, report: ReadingReport) -> None:
    rows = pending_comments(workspace, again=again).only(
        "pk", "text", "content_hash", "answered_at", "response_id", "language"
    )
    for batch in _batches(rows):
        _write(workspace, "answer", [_rows(workspace, a, read_comment(analyser, a.text, a.language)) for a in batch])
        report.comments += len(batch)
        if progress:
            progress(len(batch))


def readings_refresh(
    *, workspace: Workspace, again: bool = False, progress: Callable[[int], None] | None = None
) -> ReadingReport:
    """Read every transcript and comment without a reading of its present content (``again``: every one)."""
    analyser = text_analyser_for(workspace)
    report = ReadingReport()
    _read_transcripts(workspace, analyser, again, progress, report)
    _read_comments(workspace, analyser, again, progress, report)
    return report
