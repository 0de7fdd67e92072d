"""Importing answers from other survey tools: the same idempotency and error rules as interactions.

An answer is identified by (source, external_id): sending it again changes nothing, sending it changed
updates it in place. Answers sharing a ``response_id`` form one response. Each answer is tied to its
interaction (by the interaction's external id) or else to a customer (by any identifier), and takes the
interaction's agent, team, queue, channel and case. A low CSAT or NPS about a contact with an agent or
team opens the same follow-up a survey answer would (once per response). A bad record is reported with
its position, field and reason and never costs the records beside it.
"""

from collections.abc import Callable
from itertools import islice

from django.db import transaction

from kohtaamo.db.locks import advisory_lock
from kohtaamo.feedback.extensions import answers_written
from kohtaamo.feedback.records import AnswerRecord, parse_answer_record
from kohtaamo.feedback.services.answer_batch import AnswerBatch, touched
from kohtaamo.feedback.services.rollups import IMPORT_LOCK, rollups_follow
from kohtaamo.timeline.ingest import IngestReport, Positioned, Rejection, parse_options
from kohtaamo.timeline.records import RecordInvalid
from kohtaamo.workspaces.models import Workspace

BATCH_SIZE = 1000


def responses_import(
    *,
    workspace: Workspace,
    records: Positioned,
    default_source: str = "import",
    progress: Callable[[int], None] | None = None,
) -> IngestReport:
    """Validate and store imported answers; returns what was created, updated, unchanged and rejected."""
    report = IngestReport()
    options = parse_options(workspace, default_source)  # one redactor for the whole import
    iterator = iter(records)
    while batch := list(islice(iterator, BATCH_SIZE)):
        report.received += len(batch)
        first_rejection = len(report.rejected)
        parsed: list[tuple[int, AnswerRecord]] = []
        for position, raw in batch:
            try:
                if isinstance(raw, RecordInvalid):
                    raise raw
                record = parse_answer_record(raw, **options)
                parsed.append((position, record))
            except RecordInvalid as invalid:
                report.rejected.append(Rejection(position, invalid.external_id, invalid.errors))
        with transaction.atomic():
            # Imports of one workspace take turns per batch: the roll-ups' before-and-after count of the
            # batch's answers must not see another batch's answers to the same response appear between.
            advisory_lock(IMPORT_LOCK, workspace.pk)
            answers = [answer for _, answer in parsed]
            with rollups_follow(workspace=workspace, answers=touched(workspace, answers)):
                stored = AnswerBatch(workspace, answers, report)
                for position, record in parsed:
                    try:
                        stored.store(record)
                    except RecordInvalid as invalid:
                        report.rejected.append(Rejection(position, invalid.external_id, invalid.errors))
                stored.write()
            answers_written(workspace)
        # Parsing and storing reject separately; the report lists a batch's rejections in record order.
        report.rejected[first_rejection:] = sorted(report.rejected[first_rejection:], key=lambda r: r.position)
        if progress:
            progress(len(batch))
    return report
