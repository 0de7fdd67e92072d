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
from django.db.models import Q, QuerySet

from kohtaamo.db.locks import advisory_lock
from kohtaamo.feedback.extensions import answers_written
from kohtaamo.feedback.models import Answer, Response
from kohtaamo.feedback.records import AnswerRecord, parse_answer_record
from kohtaamo.feedback.services.responses import answer_days, answer_facts, follow_up_open_if_detractor
from kohtaamo.feedback.services.rollups import IMPORT_LOCK, rollups_follow
from kohtaamo.timeline.ingest import IngestReport, Positioned, Rejection, parse_options
from kohtaamo.timeline.models import CustomerIdentity, Interaction
from kohtaamo.timeline.records import FieldError, RecordInvalid
from kohtaamo.workspaces.models import Workspace

BATCH_SIZE = 1000
# The scales the detractor rule reads; other answers can never open a follow-up, so they skip the check.
DETRACTOR_SCALES = ("csat_1_5", "nps_0_10")


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
            with rollups_follow(workspace=workspace, answers=_touched(workspace, parsed)):
                for position, record in parsed:
                    try:
                        _store(workspace, record, report)
                    except RecordInvalid as invalid:
                        report.rejected.append(Rejection(position, invalid.external_id, invalid.errors))
            answers_written(workspace)
        # Parsing and storing reject separately; the report lists a batch's rejections in record order.
        report.rejected[first_rejection:] = sorted(report.rejected[first_rejection:], key=lambda r: r.position)
        if progress:
            progress(len(batch))
    return report


def _touched(workspace: Workspace, parsed: list[tuple[int, AnswerRecord]]) -> QuerySet[Answer]:
    """Every answer a batch may create, change or move: its own answers (by source and external id) and
    every answer of the responses it names (re-identifying a respondent moves the whole response).

    A few more may match (each list is matched on its own, not as pairs); unchanged, they add up to nothing.
    """
    records = [record for _, record in parsed]
    sources = {r.source for r in records}
    responses = Response.objects.of(workspace).filter(
        source__in=sources, external_id__in={r.response_id for r in records}
    )
    return Answer.objects.of(workspace).filter(
        Q(source__in=sources, external_id__in={r.external_id for r in records}) | Q(response__in=responses)
    )


def _store(workspace: Workspace, record: AnswerRecord, report: IngestReport) -> None:
    existing = Answer.objects.of(workspace).filter(source=record.source, external_id=record.external_id).first()
    if existing is not None and existing.content_hash == record.content_hash:
        report.unchanged += 1
        return
    interaction, customer_id = _owner(workspace, record)
    response = _response(workspace, record, interaction, customer_id)
    clash = response.answers.filter(question_key=record.question)
    if existing is not None:
        clash = clash.exclude(pk=existing.pk)
    if clash.exists():
        raise RecordInvalid(
            [FieldError("question", f"response {record.response_id!r} already has another answer to it")],
            record.external_id,
        )
    fields = {
        "response": response,
        "question": None,
        "question_key": record.question,
        "question_type": record.type,
        "scale": record.scale,
        "value": record.value,
        "choice": record.choice,
        "text": record.text,
        "redacted_kinds": list(record.redacted_kinds),
        "content_hash": record.content_hash,
        **answer_facts(response),
        "answered_at": record.answered_at,
        **answer_days(record.answered_at, workspace.tz),
    }
    if existing is None:
        Answer.objects.create(source=record.source, external_id=record.external_id, **fields)
        report.created += 1
    else:
        Answer.objects.of(workspace).filter(pk=existing.pk).update(**fields)
        report.updated += 1
    if record.scale in DETRACTOR_SCALES and record.value is not None and (response.agent_id or response.team_id):
        follow_up_open_if_detractor(response=response)


def _owner(workspace: Workspace, record: AnswerRecord) -> tuple[Interaction | None, int | None]:
    """The interaction the answer is about, or else the customer who gave it (or neither: anonymous)."""
    if record.interaction_external_id:
        matches = Interaction.objects.of(workspace).filter(external_id=record.interaction_external_id)
        if record.interaction_source:
            matches = matches.filter(source=record.interaction_source)
        found = list(matches[:2])
        if len(found) != 1:
            problem = (
                "matches interactions of several sources; give interaction_source"
                if found
                else "no interaction has this external id"
            )
            raise RecordInvalid([FieldError("interaction_external_id", problem)], record.external_id)
        return found[0], found[0].customer_id
    if record.customer is None:
        return None, None
    for kind, value in record.customer.identifiers():
        identity = CustomerIdentity.objects.of(workspace).filter(kind=kind, value=value).first()
        if identity is not None:
            return None, identity.customer_id
    raise RecordInvalid([FieldError("customer", "no customer has these identifiers")], record.external_id)


def _response(
    workspace: Workspace, record: AnswerRecord, interaction: Interaction | None, customer_id: int | None
) -> Response:
    facts = {
        "interaction": interaction,
        "customer_id": customer_id,
        "case_id": interaction.case_id if interaction else None,
        "agent_id": interaction.agent_id if interaction else None,
        "team_id": interaction.team_id if interaction else None,
        "queue_id": interaction.queue_id if interaction else None,
        "channel": interaction.channel if interaction else "",
        "contact_reason": interaction.contact_reason if interaction else "",
        "language": record.language,
        "answered_at": record.answered_at,
        "completed": True,
    }
    response, created = Response.objects.get_or_create(
        workspace=workspace, source=record.source, external_id=record.response_id, defaults=facts
    )
    response.workspace = workspace
    if not created and (response.interaction, response.customer_id) != (interaction, customer_id):
        # The respondent was re-identified: move the whole response, and its answers' copied facts.
        for name, value in facts.items():
            setattr(response, name, value)
        response.save()
        copied = answer_facts(response)
        response.answers.update(**{k: v for k, v in copied.items() if not k.startswith("answered_")})
    return response
