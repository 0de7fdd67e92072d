"""Storing one batch of imported answers with a handful of queries, whatever the batch's size.

Storing answer by answer cost a dozen queries each (the stored answer, the interaction or identity, the
response, the clash check, the write, the detractor check); on PostgreSQL over a network that was most
of an import's time. Here a batch reads what it needs with one query per kind (stored answers and
their responses' answers, interactions by external id, identities, responses, follow-ups), decides
every record in order on that picture, kept up to date as it goes, and writes the outcome at the end:
new responses and answers with multi-row INSERTs, changed ones with one UPDATE statement each kind.

The decisions are the same as storing the records one by one (``tests/feedback/test_import_batches.py``):
a record sees what the records before it in the batch did, a rejected record changes nothing but what
storing it one by one changed too (its response, created or re-identified before the clash was found).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from kohtaamo.db.adapt import db_date, db_datetime, db_json
from kohtaamo.db.bulk import bulk_insert
from kohtaamo.db.rows import update_rows
from kohtaamo.feedback.models import Answer, FollowUp, Response
from kohtaamo.feedback.records import AnswerRecord
from kohtaamo.feedback.services.responses import (
    DETRACTOR_SCALES,
    answer_days,
    answer_facts,
    detractor_reason_of,
    follow_up_for,
    follow_ups_watch,
)
from kohtaamo.timeline.ingest import IngestReport
from kohtaamo.timeline.models import CustomerIdentity, Interaction
from kohtaamo.timeline.records import FieldError, RecordInvalid
from kohtaamo.workspaces.models import Agent, Team, Workspace

INTERACTION_FACTS = ("pk", "source", "external_id", "customer_id", "case_id", "agent_id", "team_id", "queue_id",
                     "channel", "contact_reason")  # fmt: skip
# The columns an update of an answer writes, in this order (the response's copied facts included).
WRITTEN = ("response_id", "question_id", "question_key", "question_type", "scale", "value", "choice", "text",
           "redacted_kinds", "content_hash", "workspace_id", "interaction_id", "customer_id", "agent_id", "team_id",
           "queue_id", "channel", "contact_reason", "language", "answered_at", "answered_on", "answered_week",
           "answered_month")  # fmt: skip
DATES = {"answered_on", "answered_week", "answered_month"}


@dataclass
class Held:
    """An answer as the batch knows it: stored, or written by an earlier record of the batch."""

    pk: int | None
    key: tuple  # (source, external id); (None, pk) for an answer given on the survey page
    response: Response
    question_key: str
    scale: str
    value: int | None
    content_hash: str
    fields: dict[str, Any] = field(default_factory=dict)  # what the batch writes; empty: left as it is
    decided: int = 0  # when the batch last changed it: updates are written in that order


@dataclass(frozen=True)
class Opening:
    response: Response
    reason: str
    customer_id: int | None
    agent_id: int | None
    team_id: int | None


def touched(workspace: Workspace, records: list[AnswerRecord]) -> QuerySet[Answer]:
    """Every answer a batch may create, change or move: its own answers (by source and external id) and
    every answer of the responses it names (re-identifying a respondent moves the whole response).

    A few more may match (each list is matched on its own, not as pairs); unchanged, they add up to nothing.
    """
    sources = {r.source for r in records}
    responses = Response.objects.of(workspace).filter(
        source__in=sources, external_id__in={r.response_id for r in records}
    )
    return Answer.objects.of(workspace).filter(
        Q(source__in=sources, external_id__in={r.external_id for r in records}) | Q(response__in=responses)
    )


class AnswerBatch:
    def __init__(self, workspace: Workspace, records: list[AnswerRecord], report: IngestReport) -> None:
        self.workspace, self.report = workspace, report
        self.responses: dict[tuple, Response] = {}
        for response in (
            Response.objects.of(workspace)
            .select_related("survey")
            .filter(source__in={r.source for r in records}, external_id__in={r.response_id for r in records})
        ):
            response.workspace = workspace
            self.responses[(response.source, response.external_id)] = response
        by_pk = {response.pk: response for response in self.responses.values()}
        self.held: dict[tuple, Held] = {}
        self.questions: dict[int, dict[str, Held]] = defaultdict(dict)  # id(response) → question → answer
        columns = ("pk", "source", "external_id", "response_id", "question_key", "scale", "value", "content_hash")
        stored = list(touched(workspace, records).order_by("pk").values_list(*columns))
        others = {row[3] for row in stored} - by_pk.keys()
        for response in Response.objects.of(workspace).select_related("survey").filter(pk__in=others):
            response.workspace = workspace
            by_pk[response.pk] = response
        for pk, source, external_id, response_id, question, scale, value, digest in stored:
            key = (source, external_id) if external_id is not None else (None, pk)
            held = Held(pk, key, by_pk[response_id], question, scale, value, digest)
            self.held[key] = held
            self.questions[id(held.response)][question] = held
        self.interactions: dict[str, list[dict]] = defaultdict(list)
        wanted = {r.interaction_external_id for r in records if r.interaction_external_id}
        for row in (
            Interaction.objects.of(workspace).filter(external_id__in=wanted).order_by("pk").values(*INTERACTION_FACTS)
        ):
            self.interactions[row["external_id"]].append(row)
        self.identities = self._identities(records)
        self.followed = set(  # stored responses with a follow-up
            FollowUp.objects.of(workspace).filter(response__in=by_pk.values()).values_list("response_id", flat=True)
        )
        # id(response) → the follow-up it gets: its reason and the response's owner and agent at the time
        self.opening: dict[int, Opening] = {}
        self.moved: dict[int, Response] = {}  # id(response) → a stored response re-identified

    def _identities(self, records: list[AnswerRecord]) -> dict[tuple[str, str], int]:
        pairs: dict[str, set[str]] = defaultdict(set)
        for record in records:
            if record.customer is not None and not record.interaction_external_id:
                for kind, value in record.customer.identifiers():
                    pairs[kind].add(value)
        if not pairs:
            return {}
        condition = Q()
        for kind, values in pairs.items():
            condition |= Q(kind=kind, value__in=values)
        rows = CustomerIdentity.objects.of(self.workspace).filter(condition).values_list("kind", "value", "customer_id")
        return {(kind, value): customer for kind, value, customer in rows}

    # -- deciding, record by record -------------------------------------------------------------
    def store(self, record: AnswerRecord) -> None:
        """Decide one record on what the batch holds; raises :class:`RecordInvalid` for a bad one."""
        held = self.held.get((record.source, record.external_id))
        if held is not None and held.content_hash == record.content_hash:
            self.report.unchanged += 1
            return
        interaction, customer_id = self._owner(record)
        response = self._response(record, interaction, customer_id)
        clash = self.questions[id(response)].get(record.question)
        if clash is not None and clash is not held:
            raise RecordInvalid(
                [FieldError("question", f"response {record.response_id!r} already has another answer to it")],
                record.external_id,
            )
        if held is None:
            held = Held(None, (record.source, record.external_id), response, record.question, "", None, "")
            self.held[held.key] = held
            self.report.created += 1
        else:
            self.report.updated += 1
        if self.questions[id(held.response)].get(held.question_key) is held:
            del self.questions[id(held.response)][held.question_key]
        self.questions[id(response)][record.question] = held
        held.response, held.question_key, held.scale, held.value = response, record.question, record.scale, record.value
        held.content_hash, held.decided = record.content_hash, self.report.created + self.report.updated
        held.fields = {"question_id": None, "question_key": record.question, "question_type": record.type,
                       "scale": record.scale, "value": record.value, "choice": record.choice, "text": record.text,
                       "redacted_kinds": list(record.redacted_kinds), "content_hash": record.content_hash,
                       "answered_at": record.answered_at, **answer_days(record.answered_at, self.workspace.tz),
                       "source": record.source, "external_id": record.external_id}  # fmt: skip
        if record.scale in DETRACTOR_SCALES and record.value is not None and (response.agent_id or response.team_id):
            self._follow_up_if_detractor(response)

    def _owner(self, record: AnswerRecord) -> tuple[dict | None, int | None]:
        """The interaction the answer is about, or else the customer who gave it (or neither: anonymous)."""
        if record.interaction_external_id:
            found = [
                row
                for row in self.interactions.get(record.interaction_external_id, [])
                if not record.interaction_source or row["source"] == record.interaction_source
            ]
            if len(found) != 1:
                problem = (
                    "matches interactions of several sources; give interaction_source"
                    if found
                    else "no interaction has this external id"
                )
                raise RecordInvalid([FieldError("interaction_external_id", problem)], record.external_id)
            return found[0], found[0]["customer_id"]
        if record.customer is None:
            return None, None
        for pair in record.customer.identifiers():
            if (customer_id := self.identities.get(pair)) is not None:
                return None, customer_id
        raise RecordInvalid([FieldError("customer", "no customer has these identifiers")], record.external_id)

    def _response(self, record: AnswerRecord, interaction: dict | None, customer_id: int | None) -> Response:
        facts = {
            "interaction_id": interaction["pk"] if interaction else None,
            "customer_id": customer_id,
            **{k: interaction[k] if interaction else None for k in ("case_id", "agent_id", "team_id", "queue_id")},
            "channel": interaction["channel"] if interaction else "",
            "contact_reason": interaction["contact_reason"] if interaction else "",
            "language": record.language,
            "answered_at": record.answered_at,
            "completed": True,
        }
        response = self.responses.get((record.source, record.response_id))
        if response is None:
            response = Response(workspace=self.workspace, source=record.source, external_id=record.response_id, **facts)
            self.responses[(record.source, record.response_id)] = response
        elif (response.interaction_id, response.customer_id) != (facts["interaction_id"], customer_id):
            # The respondent was re-identified: move the whole response, and its answers' copied facts.
            for name, value in facts.items():
                setattr(response, name, value)
            if response.pk is not None:
                self.moved[id(response)] = response
        return response

    def _follow_up_if_detractor(self, response: Response) -> None:
        """What ``follow_up_open_if_detractor`` decides, on the batch's picture of the response's answers."""
        if id(response) in self.opening or response.pk in self.followed:
            return
        scores = sorted(
            ((held.scale, held.value) for held in self.questions[id(response)].values()
             if held.scale in DETRACTOR_SCALES and held.value is not None),
            key=lambda score: score[0],
        )  # fmt: skip
        if reason := detractor_reason_of(response.survey, scores):
            self.opening[id(response)] = Opening(
                response, reason, response.customer_id, response.agent_id, response.team_id
            )

    # -- writing --------------------------------------------------------------------------------
    def write(self) -> None:
        """Write what the batch decided: responses, then answers, then the copied facts of moved
        responses, then the follow-ups."""
        bulk_insert([r for r in self.responses.values() if r.pk is None])
        for response in self.moved.values():
            response.save()
        changed = [held for held in self.held.values() if held.fields]
        updates = sorted((held for held in changed if held.pk is not None), key=lambda held: held.decided)
        update_rows(Answer, WRITTEN, [(*self._row(held), held.pk) for held in updates])
        bulk_insert([Answer(**self._values(held)) for held in changed if held.pk is None])
        for response in self.moved.values():
            copied = answer_facts(response)
            response.answers.update(**{k: v for k, v in copied.items() if not k.startswith("answered_")})
        self._open_follow_ups()

    def _values(self, held: Held) -> dict[str, Any]:
        return {**held.fields, **{k: v for k, v in answer_facts(held.response).items() if not k.startswith("answered")},
                "response_id": held.response.pk}  # fmt: skip

    def _row(self, held: Held) -> tuple:
        values = self._values(held)
        return tuple(_adapted(column, values[column]) for column in WRITTEN)

    def _open_follow_ups(self) -> None:
        if not self.opening:
            return
        opening = list(self.opening.values())
        agents = {o.agent_id for o in opening if o.agent_id and not o.team_id}
        rows = Agent.objects.of(self.workspace).filter(pk__in=agents).values_list("pk", "team_id")
        team_of: dict[int | None, int | None] = dict(rows)
        wanted = {o.team_id or team_of.get(o.agent_id) for o in opening}
        teams = Team.objects.of(self.workspace).select_related("lead").in_bulk(wanted - {None})
        now = timezone.now()
        follow_ups = [
            follow_up_for(o.response, o.reason, now, customer_id=o.customer_id, agent_id=o.agent_id,
                          team=teams.get(o.team_id or team_of.get(o.agent_id)))
            for o in opening
        ]  # fmt: skip
        bulk_insert(follow_ups)
        follow_ups_watch(self.workspace, follow_ups)


def _adapted(column: str, value: Any) -> Any:
    if column == "redacted_kinds":
        return db_json(value)
    if column in DATES:
        return db_date(value)
    if isinstance(value, datetime):
        return db_datetime(value)
    return value
