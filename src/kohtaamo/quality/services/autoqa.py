"""Automatic QA on stored interactions: every transcript checked once per version of its content, the
answers stored apart from human evaluations, and an evaluator's override kept beside the original.

Run after each ingest batch (``quality.tasks.autoqa_catch_up``) and by `kohtaamo quality autoqa-run`.
The phrase checks use the phrases of the workspace's live scorecards (``auto_phrases``).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from kohtaamo.db.locks import advisory_lock
from kohtaamo.insights.dictionaries import speller_for
from kohtaamo.lib.qa.autoqa import NOTHING_TO_CHECK, AutoQA, check_transcript, turns_of
from kohtaamo.lib.qa.form_json import FormError, load_form
from kohtaamo.lib.qa.spotlight import escalation_in
from kohtaamo.lib.text.spelling import allowed_words
from kohtaamo.privacy.services.audit import audit_record
from kohtaamo.quality.models import AutoAnswer, AutoReview, ScorecardVersion
from kohtaamo.sentiment.selectors import trained_sentiment_for
from kohtaamo.timeline.models import Interaction
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.models import Workspace

AUTOQA_LOCK = "quality.autoqa"
BATCH = 500


@dataclass
class AutoQAReport:
    checked: int = 0
    skipped: int = 0  # without an agent and a customer turn


@dataclass(frozen=True)
class Phrases:
    forbidden: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    allowed: tuple[str, ...] = ()  # words the spelling check accepts (product names)


def workspace_phrases(workspace: Workspace) -> Phrases:
    """The forbidden and example phrases, and the spelling check's allowed words, of the latest version of
    every scorecard in use."""
    forbidden: dict[str, None] = {}
    examples: dict[str, None] = {}
    allowed: dict[str, None] = {}
    versions = ScorecardVersion.objects.of(workspace).filter(scorecard__archived=False).order_by("scorecard", "-number")
    seen: set[int] = set()
    for version in versions:
        if version.scorecard_id in seen:
            continue
        seen.add(version.scorecard_id)
        try:
            form = load_form(version.form)
        except FormError:
            continue
        for _, question in form.questions():
            if question.auto_check == "forbidden_phrases":
                forbidden.update(dict.fromkeys(question.auto_phrases))
            elif question.auto_check == "example_phrases":
                examples.update(dict.fromkeys(question.auto_phrases))
            elif question.auto_check == "spelling":
                allowed.update(dict.fromkeys(allowed_words(question.auto_phrases)))
    return Phrases(tuple(forbidden), tuple(examples), tuple(allowed))


def _pending(workspace: Workspace, *, again: bool) -> QuerySet[Interaction]:
    """Interactions with a transcript not yet checked in their present version."""
    with_transcript = Interaction.objects.of(workspace).exclude(transcript=[])
    if again:
        return with_transcript
    current = AutoReview.objects.of(workspace).filter(interaction=OuterRef("pk"), content_hash=OuterRef("content_hash"))
    return with_transcript.filter(~Exists(current))


def autoqa_pending_count(*, workspace: Workspace, again: bool = False) -> int:
    return _pending(workspace, again=again).count()


def aqs_of(answers: Iterable[bool]) -> float | None:
    """The automatic quality score: the share (0–100) of the applicable checks passed."""
    given = list(answers)
    return round(100.0 * sum(given) / len(given), 1) if given else None


def _review_rows(workspace: Workspace, interaction: Interaction, result: AutoQA, now) -> tuple[AutoReview, list]:
    answers = [(name, check) for name, check in result.checks().items() if check.passed is not None]
    turn, words = escalation_in(turns_of(interaction.transcript)) if result is not NOTHING_TO_CHECK else (None, [])
    review = AutoReview(
        workspace=workspace,
        interaction=interaction,
        content_hash=interaction.content_hash,
        applicable=result is not NOTHING_TO_CHECK,
        aqs=aqs_of(bool(check.passed) for _, check in answers),
        agent_max_response_seconds=result.agent_max_response_seconds,
        longest_silence_seconds=result.longest_silence_seconds,
        sentiment_start=result.sentiment_start,
        sentiment_end=result.sentiment_end,
        escalation_words=words,
        escalation_turn=turn,
        interaction_at=interaction.started_at,
        agent_id=interaction.agent_id,
        checked_at=now,
    )
    return review, answers


def _check_batch(workspace: Workspace, interactions: list[Interaction], phrases: Phrases, report: AutoQAReport) -> None:
    now = timezone.now()
    trained = trained_sentiment_for(workspace)
    computed = []
    for interaction in interactions:
        names = [workspace.name] + ([interaction.agent.name] if interaction.agent else [])
        result = check_transcript(
            interaction.transcript,
            customer_name=interaction.customer.name if interaction.customer else None,
            channel=interaction.channel,
            names=names,
            forbidden=phrases.forbidden,
            examples=phrases.examples,
            spellers=speller_for,
            allowed=phrases.allowed,
            trained=trained,
        )
        computed.append(_review_rows(workspace, interaction, result, now))
    hashes = {interaction.pk: interaction.content_hash for interaction in interactions}
    with transaction.atomic():
        advisory_lock(AUTOQA_LOCK, workspace.pk)
        old = AutoReview.objects.of(workspace).filter(interaction_id__in=list(hashes))
        # An evaluator's override outlives a re-run on the same transcript, not a changed one.
        overridden = AutoAnswer.objects.of(workspace).filter(review__in=old, override__isnull=False)
        kept = {
            (answer.review.interaction_id, answer.check_name): answer
            for answer in overridden.select_related("review")
            if answer.review.content_hash == hashes[answer.review.interaction_id]
        }
        old.delete()
        reviews = AutoReview.objects.bulk_create([review for review, _ in computed])
        rows = []
        for review, (_, answers) in zip(reviews, computed, strict=True):
            for name, check in answers:
                earlier = kept.get((review.interaction_id, name))
                rows.append(
                    AutoAnswer(
                        review=review,
                        check_name=name,
                        passed=bool(check.passed),
                        evidence_turn=check.evidence,
                        matched=list(check.matched),
                        override=earlier.override if earlier else None,
                        overridden_by_id=earlier.overridden_by_id if earlier else None,
                        overridden_at=earlier.overridden_at if earlier else None,
                        override_note=earlier.override_note if earlier else "",
                    )
                )
            if any(key[0] == review.interaction_id for key in kept):
                review.aqs = aqs_of(row.answer for row in rows if row.review is review)
                review.save(update_fields=["aqs"])
        AutoAnswer.objects.bulk_create(rows)
    for review, _ in computed:
        report.checked += review.applicable
        report.skipped += not review.applicable


def autoqa_run(
    *, workspace: Workspace, again: bool = False, progress: Callable[[int], None] | None = None
) -> AutoQAReport:
    """Check every interaction whose transcript has not been checked in its present version."""
    report = AutoQAReport()
    phrases = workspace_phrases(workspace)
    last = 0
    while True:
        batch = list(
            _pending(workspace, again=again)
            .filter(pk__gt=last)
            .select_related("agent", "customer")
            .only("pk", "transcript", "content_hash", "channel", "started_at", "agent__name", "customer__name")
            .order_by("pk")[:BATCH]
        )
        if not batch:
            return report
        last = batch[-1].pk
        _check_batch(workspace, batch, phrases, report)
        if progress:
            progress(len(batch))


def auto_answer_override(*, actor: Actor, answer: AutoAnswer, value: bool | None, note: str = "") -> AutoAnswer:
    """An evaluator's own answer to an automatic check (``None`` takes it back); the original stays."""
    with transaction.atomic():
        answer.override = value
        answer.override_note = note.strip()[:2000] if value is not None else ""
        answer.overridden_by = actor.user if value is not None else None
        answer.overridden_at = timezone.now() if value is not None else None
        answer.full_clean()
        answer.save(update_fields=["override", "override_note", "overridden_by", "overridden_at"])
        review = answer.review
        review.aqs = aqs_of(a.answer for a in AutoAnswer.objects.of(actor).filter(review=review))
        review.save(update_fields=["aqs"])
        # A person's word over the machine's is a change to a quality record: who, when and what it was.
        audit_record(actor=actor, action="autoqa.override" if value is not None else "autoqa.override_undo",
                     object_type="auto_answer", object_id=answer.pk,
                     detail={"check": answer.check_name, "interaction": review.interaction_id,
                             "automatic": answer.passed, "override": value})  # fmt: skip
    return answer
