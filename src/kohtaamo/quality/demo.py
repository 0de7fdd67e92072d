"""Demo data of the quality app: forms, six months of evaluations, quotas met and missed, a calibration
session, disputes and coaching.

Evaluations are sampled by the real sampling service, then answered here in bulk (one scoring
function, ``apply_score``) so the step stays fast.  Answers follow each agent's skill and, for
the questions customers care about, the customer's CSAT: so the QA-to-CX page finds that
"correct information" matters to customers and "greeting" does not.  CSAT comes from the
feedback app's survey answers and, for about half of the other evaluated interactions, from
scores imported from an earlier survey tool (numeric ``csat``/``nps`` interaction attributes).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from kohtaamo.feedback.selectors.scores import survey_scores_for_interactions
from kohtaamo.lib.qa.answers import NA
from kohtaamo.lib.qa.form_json import load_form
from kohtaamo.lib.qa.forms import Question
from kohtaamo.lib.qa.scoring import score_evaluation
from kohtaamo.timeline.models import Interaction
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.models import Agent, Team, Workspace

from .demo_evidence import automatic_answers, calls_waiting, human_reading, recordings_make, transcripts_fill
from .models import Dispute, Evaluation, QuestionScore, Scorecard
from .periods import period_of
from .selectors.plan import quality_plan
from .services.autoqa import autoqa_run
from .services.disputes import dispute_category_save, dispute_open, dispute_resolve
from .services.evaluations import apply_score, evaluation_save
from .services.sampling import quality_plan_update, sample_period
from .services.scorecards import scorecard_from_template
from .services.sessions import calibration_evaluation_open, calibration_session_create, coaching_session_create

# How strongly passing a question goes with a satisfied customer (per CSAT point above 3).
CSAT_EFFECT = {"correct_information": 0.05, "first_contact_resolution": 0.12, "empathy": 0.08, "tone": 0.05}
HARD = {"summary": 0.2, "anything_else": 0.15, "open_questions": 0.12, "confirmed_understanding": 0.1}
COACHED = "summary"

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from kohtaamo.demo.context import ClientWorld, DemoContext

    Users = dict[str, AbstractBaseUser]


def demo_step(ctx: DemoContext) -> None:
    """Quality data for both client workspaces (the Linkki one lighter: two months)."""
    rng = ctx.rng("quality")
    users = {u.email.split("@")[0]: u for u in ctx.users.values()}
    for slug, world in ctx.clients.items():
        _workspace(ctx, rng, world, users, months=6 if slug == "voima" else 2)
        # The automatic checks of every transcript, as the worker makes them after an import: the interaction
        # pages show their evidence and the spotlight has conversations to show from the first login.
        autoqa_run(workspace=world.workspace)


def _workspace(ctx: DemoContext, rng: random.Random, world: ClientWorld, users: Users, months: int) -> None:
    workspace = world.workspace
    service = scorecard_from_template(workspace=workspace, template="customer_service", created_by=users["qa"])
    scorecard_from_template(workspace=workspace, template="telesales", created_by=users["qa"])
    plan = quality_plan(actor=Actor.system(workspace))
    teams = list(Team.objects.of(workspace))
    assignments = {t: (users["lead"] if t.lead_id else users["qa"]) for t in teams if not t.partner}
    quality_plan_update(plan=plan, assignments=assignments, scorecard=service, low_csat_weight=2.0)
    skill = {a.pk: a.skill for a in world.agents}
    coached_at = ctx.now - timedelta(days=75)
    coached = {world.agents[0].pk, world.agents[3].pk}
    periods = [period_of(workspace, "month", ctx.today)]
    for _ in range(months - 1):
        periods.insert(0, period_of(workspace, "month", periods[0].first_day - timedelta(days=1)))
    version = service.current
    transcripts_fill(ctx, world, periods[0].start)
    # Checked before the evaluators answer, so their answers to the questions that carry a check can be
    # compared with it on the same interactions (the agreement page).
    autoqa_run(workspace=workspace)
    for index, period in enumerate(periods):
        picks, _short = sample_period(plan=plan, period=period, seed=ctx.seed)
        drafts = [pick.draft(version) for pick in picks]
        last, current = index == len(periods) - 2, index == len(periods) - 1
        waiting = calls_waiting(drafts) if current else set()
        _answer(ctx, rng, drafts, skill, coached, coached_at, leave_open=0.35 if current else 0.12 if last else 0,
                waiting=waiting)  # fmt: skip
    recordings_make(world)
    if world.spec.slug == "voima":
        _disputes_and_coaching(ctx, rng, world, users, coached_at)
        _calibration(ctx, rng, world, users, service)


def _csat_for(
    ctx: DemoContext, rng: random.Random, workspace: Workspace, drafts: list[Evaluation], skill: dict[int, float]
) -> dict[int, int]:
    """The customers' CSAT on the sampled interactions: survey answers, plus scores imported earlier.

    About half of the interactions without a survey answer get a CSAT (and NPS) imported from the
    client's previous survey tool, as numeric interaction attributes: so the QA-to-CX page has
    enough pairs whether or not the feedback app collected answers for these interactions.
    """
    ids = [e.interaction_id for e in drafts]
    csat = survey_scores_for_interactions(actor=Actor.system(workspace), interaction_ids=ids, metric="csat")
    imported = []
    for e in drafts:
        if e.interaction_id in csat or rng.random() < 0.5:
            continue
        mood = skill.get(e.agent_id, 0.75) + rng.gauss(0, 0.25)
        score = csat[e.interaction_id] = max(1, min(5, round(1 + 4 * mood)))
        nps = max(0, min(10, 2 * score + rng.choice((-2, -1, 0, 0, 1))))
        e.interaction.attributes = {**e.interaction.attributes, "csat": score, "nps": nps, "survey_source": "import"}
        imported.append(e.interaction)
    Interaction.objects.of(workspace).bulk_update(imported, ["attributes"], batch_size=500)
    return csat


def _answer(
    ctx: DemoContext,
    rng: random.Random,
    drafts: list[Evaluation],
    skill: dict[int, float],
    coached: set[int],
    coached_at: datetime,
    *,
    leave_open: float,
    waiting: set[int] | frozenset[int] = frozenset(),
) -> None:
    """Answer and submit the sampled drafts, leaving a share open (quotas missed or still due) and ``waiting``."""
    if not drafts:
        return
    csat = _csat_for(ctx, rng, drafts[0].interaction.workspace, drafts, skill)
    automatic = automatic_answers(drafts[0].interaction.workspace, [e.interaction_id for e in drafts])
    form = load_form(drafts[0].version.form)
    scored: list[tuple[Evaluation, list[QuestionScore]]] = []
    open_agents = {e.agent_id for e in drafts if rng.random() < leave_open}
    for e in drafts:
        if e.interaction_id in waiting or (e.agent_id in open_agents and rng.random() < 0.6):
            continue  # still in the evaluator's queue: the quota is missed or due
        improved = e.agent_id in coached and e.interaction_at >= coached_at
        e.answers = {
            q.id: _value(rng, q, skill.get(e.agent_id, 0.75), csat.get(e.interaction_id), improved)
            for _section, q in form.questions()
        }
        for _section, q in form.questions():
            machine = automatic.get((e.interaction_id, q.auto_check or ""))
            if machine is not None:
                points = q.scale.points
                e.answers[q.id] = _number(max(points) if human_reading(rng, q.auto_check, machine) else min(points))
        scored.append((e, apply_score(e, score_evaluation(form, e.answers))))
        e.status = "acknowledged" if rng.random() < 0.7 else "submitted"
        e.submitted_at = min(ctx.now, e.interaction_at + timedelta(days=rng.randint(1, 6)))
        if e.total is not None and e.total < 70:
            e.overall_comment = "Käydään tämä yhdessä läpi."
    Evaluation.objects.bulk_create(drafts, batch_size=500)
    # The evaluations have their ids now, and the question rows refer to them.
    QuestionScore.objects.bulk_create([row for _e, rows in scored for row in rows], batch_size=2000)


def _value(rng: random.Random, q: Question, skill: float, csat: int | None, improved: bool) -> Any:
    if q.kind == "fail_all":
        chance = 0.98
    elif q.kind == "fail_section":
        chance = 0.9
    else:
        chance = skill + 0.08 - HARD.get(q.id, 0.0) + (0.25 if improved and q.id == COACHED else 0.0)
    if csat is not None:
        chance += CSAT_EFFECT.get(q.id, 0.0) * (csat - 3)
    if q.na_allowed and q.kind == "normal" and rng.random() < 0.1:
        return NA
    points = sorted(q.scale.points)
    low, high = points[: max(1, len(points) // 2)], points[len(points) // 2 :]
    if rng.random() < min(0.99, max(0.02, chance)):
        return _number(rng.choice(high[-3:] if len(high) > 3 else high))
    return _number(rng.choice(low))


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _disputes_and_coaching(
    ctx: DemoContext, rng: random.Random, world: ClientWorld, users: Users, coached_at: datetime
) -> None:
    agent_pk = world.agents[0].pk  # the demo agent user's own agent record
    evaluations = Evaluation.objects.of(world.workspace)
    theirs = list(
        evaluations.filter(agent_id=agent_pk, kind="official", status__in=["submitted", "acknowledged"])
        .select_related("version")
        .order_by("-interaction_at")
    )
    reasons = [
        "Asiakas sanoi itse, ettei tarvitse yhteenvetoa, joten en tehnyt sitä.",
        "Tunnistin asiakkaan jo chatissa ennen puhelua.",
        "Puhelu katkesi asiakkaan päässä, en voinut lopettaa puhelua normaalisti.",
    ]
    categories = [
        dispute_category_save(workspace=world.workspace, name=name, arbitrator=arbitrator)
        for name, arbitrator in (("Kysymys arvioitu väärin", users["qa"]), ("Ohjetta tulkittu väärin", users["qa"]),
                                 ("Väärä puhelu tai agentti", None))
    ]  # fmt: skip
    for index, evaluation in enumerate(theirs[:3]):
        dispute = dispute_open(
            evaluation=evaluation, opened_by=users["agent"], reason=reasons[index], category=categories[index % 2]
        )
        if index == 1:
            dispute_resolve(dispute=dispute, resolved_by=users["qa"], decision=Dispute.Status.REJECTED,
                            resolution="Tunnistus pitää tehdä jokaisessa puhelussa.")  # fmt: skip
        elif index == 2:
            form = load_form(evaluation.version.form)
            missed = next((q for _s, q in form.questions(include_bonus=False)
                           if evaluation.answers.get(q.id) not in (NA, q.scale.maximum)), None)  # fmt: skip
            if missed is not None:
                answers = {**evaluation.answers, missed.id: _number(missed.scale.maximum)}
                dispute_resolve(dispute=dispute, resolved_by=users["qa"], decision=Dispute.Status.PARTIAL,
                                resolution="Tämä kohta hyväksytty, muut ennallaan.", answers=answers)  # fmt: skip
    for agent in (world.agents[0], world.agents[3]):
        before = evaluations.filter(agent_id=agent.pk, kind="official", interaction_at__lt=coached_at)
        coaching_session_create(
            agent=Agent.objects.of(world.workspace).get(pk=agent.pk),
            coach=users["lead"],
            goal="Yhteenveto ja jatkotoimista sopiminen jokaisen puhelun lopussa.",
            notes="Kuunneltiin kaksi puhelua yhdessä.",
            actions="Käytä yhteenvetofraasia; kysy lopuksi, voiko vielä auttaa.",
            follow_up_on=(coached_at + timedelta(days=30)).date(),
            evaluations=list(before.filter(~Q(status="draft")).order_by("-interaction_at")[:2]),
            question_ids=[COACHED, "anything_else"],
            held_at=coached_at,
        )


def _calibration(ctx: DemoContext, rng: random.Random, world: ClientWorld, users: Users, scorecard: Scorecard) -> None:
    """Three evaluators score the same three calls; the team lead has one still to do (so is blind)."""
    pool = list(
        Evaluation.objects.of(world.workspace)
        .filter(kind="official", status="acknowledged")
        .select_related("interaction__agent")
        .order_by("interaction_at")[:3]
    )
    interactions = [e.interaction for e in pool]
    participants = [users["qa"], users["cx"], users["lead"]]
    session = calibration_session_create(
        workspace=world.workspace, name="Kalibrointi: laskutuspuhelut", version=scorecard.current,
        interactions=interactions, participants=participants, reference=users["qa"], created_by=users["qa"],
    )  # fmt: skip
    form = load_form(scorecard.current.form)
    lenience = {users["qa"].pk: 0.0, users["cx"].pk: 0.15, users["lead"].pk: -0.1}
    # One defensible reading of each call; each evaluator departs from it now and then, in their own direction.
    truths = [{q.id: _value(rng, q, 0.75, None, False) for _s, q in form.questions()} for _i in interactions]
    for user in participants:
        for number, (interaction, truth) in enumerate(zip(interactions, truths, strict=True)):
            evaluation = calibration_evaluation_open(session=session, interaction=interaction, evaluator=user)
            answers = {
                q.id: truth[q.id] if rng.random() > 0.2 else _value(rng, q, 0.7 + lenience[user.pk], None, False)
                for _section, q in form.questions()
            }
            evaluation_save(evaluation=evaluation, answers=answers, submit=not (user == users["lead"] and number == 2))
