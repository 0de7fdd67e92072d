"""Calibration sessions: blind scoring, then agreement statistics (kohtaamo.lib.agreement).

Blindness: a participant sees the others' answers on an interaction only after submitting
their own for it (or once the session is closed).  The statistics reveal everyone's answers in
aggregate, so a participant sees them only after submitting every interaction.  Facilitators
(managers who do not score) see everything.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.http import Http404

from kohtaamo.lib.agreement.alpha import krippendorff_alpha
from kohtaamo.lib.agreement.bias import rater_bias
from kohtaamo.lib.agreement.icc import icc
from kohtaamo.lib.agreement.percent import percent_agreement
from kohtaamo.lib.qa.form_json import load_form
from kohtaamo.lib.qa.forms import localise
from kohtaamo.timeline.models import Interaction
from kohtaamo.workspaces.access import MANAGERS, Actor, get_visible_or_404

from ..models import CalibrationSession, Evaluation
from .scope import FINAL


def calibration_sessions(*, actor: Actor) -> QuerySet[CalibrationSession]:
    """The sessions the actor may open: every one for managers, else those they take part in or created."""
    sessions = CalibrationSession.objects.of(actor).select_related("version__scorecard")
    if actor.role in MANAGERS:
        return sessions
    return sessions.filter(Q(participants=actor.user) | Q(created_by=actor.user)).distinct()


def calibration_get(*, actor: Actor, session_id: int) -> CalibrationSession:
    """A session the actor may open, or 404."""
    return get_visible_or_404(calibration_sessions(actor=actor), actor, session_id)


def can_close(actor: Actor, session: CalibrationSession) -> bool:
    """Its creator closes a session, or someone who manages scorecards."""
    return session.created_by_id == actor.user_id or actor.can("manage_scorecards")


def calibration_interactions(*, actor: Actor, interaction_ids: list[int]) -> list[Interaction]:
    """The workspace's interactions among these ids (missing ones are left out: the caller says so)."""
    return list(Interaction.objects.of(actor).filter(pk__in=interaction_ids))


def calibration_interaction_get(*, actor: Actor, session: CalibrationSession, interaction_id: int) -> Interaction:
    """One of the session's interactions for a participant to score, or 404."""
    interaction = session.interactions.filter(pk=interaction_id).first()
    if interaction is None or not is_participant(actor, session):
        raise Http404
    return interaction


def _name(user: AbstractBaseUser) -> str:
    return user.get_full_name() or user.email or user.username


@dataclass
class CalibrationItem:
    interaction: Interaction
    mine: Evaluation | None
    others: list[Evaluation] = field(default_factory=list)
    hidden: int = 0  # others' submitted evaluations the actor may not see yet

    @property
    def submitted(self) -> bool:
        return self.mine is not None and self.mine.is_final


def is_participant(actor: Actor, session: CalibrationSession) -> bool:
    """Does the actor score in this session (rather than only facilitate it)?"""
    return session.participants.filter(pk=actor.user.pk).exists()


def calibration_board(*, actor: Actor, session: CalibrationSession) -> list[CalibrationItem]:
    """Per interaction: the actor's own evaluation and the others' (hidden until the actor submitted)."""
    evaluations = list(session.evaluations.select_related("evaluator").order_by("pk"))
    participant = is_participant(actor, session)
    items = []
    for interaction in session.interactions.select_related("agent").order_by("started_at", "pk"):
        mine = next(
            (e for e in evaluations if e.interaction_id == interaction.pk and e.evaluator_id == actor.user.pk), None
        )
        item = CalibrationItem(interaction, mine)
        open_eyes = not participant or session.status == session.Status.CLOSED or item.submitted
        for e in evaluations:
            if e.interaction_id != interaction.pk or e is mine or not e.is_final:
                continue
            if open_eyes:
                item.others.append(e)
            else:
                item.hidden += 1
        items.append(item)
    return items


def stats_visible(actor: Actor, session: CalibrationSession, items: list[CalibrationItem]) -> bool:
    """May the actor see the agreement statistics yet (a participant: once they submitted everything)?"""
    if not is_participant(actor, session) or session.status == session.Status.CLOSED:
        return True
    return all(item.submitted for item in items)


@dataclass(frozen=True)
class QuestionAgreement:
    question_id: str
    text: str
    units: int  # interactions with at least two ratings
    percent_agreement: float | None
    alpha: float | None  # Krippendorff's alpha, ordinal, N/A as missing


@dataclass(frozen=True)
class CalibrationStats:
    raters: list[str]
    questions: list[QuestionAgreement]
    icc2_1: float | None
    icc3_1: float | None
    icc_units: int
    reference: str  # the reference evaluator's name, or "" for the consensus
    bias: list  # kohtaamo.lib.agreement.bias.RaterBias, one per evaluator
    totals: dict[str, dict[str, float | None]]  # interaction label → evaluator → total


def calibration_stats(*, session: CalibrationSession, language: str) -> CalibrationStats:
    """Per-question agreement, ICC of the totals and each evaluator's lenience from submitted evaluations."""
    submitted = list(
        session.evaluations.filter(status__in=FINAL).select_related("evaluator", "interaction").order_by("pk")
    )
    form = load_form(session.version.form)
    questions = []
    for section, question in form.questions(include_bonus=False):
        table: dict[str, dict[str, float | None]] = {}
        for e in submitted:
            table.setdefault(str(e.interaction_id), {})[_name(e.evaluator)] = e.result["questions"][question.id][
                "value"
            ]
        pairable = sum(1 for row in table.values() if sum(v is not None for v in row.values()) >= 2)
        order = sorted(question.scale.points)
        questions.append(
            QuestionAgreement(
                question.id,
                f"{localise(section.title, language)}: {localise(question.text, language)}",
                pairable,
                percent_agreement(table) if table else None,
                krippendorff_alpha(table, "ordinal", order=order) if table else None,
            )
        )
    totals: dict[str, dict[str, float | None]] = {}
    for e in submitted:
        totals.setdefault(str(e.interaction_id), {})[_name(e.evaluator)] = e.total
    raters = sorted({_name(e.evaluator) for e in submitted})
    reference = _name(session.reference) if session.reference and _name(session.reference) in raters else ""
    icc_result = icc(totals) if totals else None
    bias = list(rater_bias(totals, reference or None).values()) if totals else []
    return CalibrationStats(
        raters,
        questions,
        icc_result.icc2_1 if icc_result else None,
        icc_result.icc3_1 if icc_result else None,
        icc_result.n_units if icc_result else 0,
        reference,
        bias,
        totals,
    )


@dataclass(frozen=True)
class CalibrationPage:
    session: CalibrationSession
    items: list[CalibrationItem]
    participant: bool
    stats: CalibrationStats | None  # None until the actor may see them


def calibration_page(*, actor: Actor, session_id: int, language: str) -> CalibrationPage:
    """A session's board as the actor may see it, with the statistics once they are visible to them."""
    session = calibration_get(actor=actor, session_id=session_id)
    items = calibration_board(actor=actor, session=session)
    stats = calibration_stats(session=session, language=language) if stats_visible(actor, session, items) else None
    return CalibrationPage(session, items, is_participant(actor, session), stats)
