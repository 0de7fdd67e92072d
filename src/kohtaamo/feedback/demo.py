"""Demo data of the feedback app: one step run by `kohtaamo demo` after the interactions exist.

Each client gets the standard after-contact survey and two trigger rules, run over the six months of
history through the real invitation generator (so abandoned contacts and the fatigue rule apply).
Then about one in six invitations is answered. Scores come from one latent satisfaction per contact:
better on chat than on email, better for skilled agents, worse after a long wait and much worse in
the storm week, so every dashboard view has something true to show.
"""

import math
import random
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db.models import F
from django.utils import timezone

from kohtaamo.db.bulk import bulk_insert
from kohtaamo.workspaces.models import Team, Workspace

from .demo_comments import call_back_note, comment_for
from .models import Answer, FollowUp, Invitation, Response, Survey
from .services.invitations import invitations_generate
from .services.responses import answer_facts, follow_up_open_if_detractor
from .services.rollups import rollup_add
from .services.surveys import survey_create_standard, trigger_create

if TYPE_CHECKING:  # kohtaamo.demo imports this module
    from kohtaamo.demo.context import DemoContext

RESPONSE_RATE = 0.17
CHANNEL_EFFECT = {"chat": 0.3, "whatsapp": 0.25, "phone": 0.0, "email": -0.35, "social": -0.2, "sms": 0.0}


def demo_step(ctx: "DemoContext") -> None:
    """Surveys, invitations, answers with verbatims in three languages, and follow-ups for each client."""
    rng = ctx.rng("feedback")
    storm_days = set(ctx.storm.days) if ctx.storm else set()
    for world in ctx.clients.values():
        workspace = world.workspace
        survey = survey_create_standard(workspace=workspace)
        rules = [
            # Finnish post-call surveys go by SMS: callers with a number get the SMS ("reply with 0–10").
            trigger_create(
                survey=survey, name="Puhelut", channels=["phone"], sampling_rate=0.6, delay_minutes=30, delivery="sms"
            ),
            trigger_create(
                survey=survey,
                name="Chat, sähköposti ja viestit",
                channels=["chat", "email", "whatsapp", "sms"],
                sampling_rate=0.5,
                delay_minutes=60,
            ),  # fmt: skip
        ]
        since = timezone.make_aware(timezone.datetime.combine(ctx.start, timezone.datetime.min.time()))
        for rule in rules:
            rule.checked_until = since
            rule.save(update_fields=["checked_until"])
            invitations_generate(trigger=rule, now=ctx.now)
        skills = {agent.pk: agent.skill for agent in world.agents}
        _answer(ctx, rng, workspace, survey, skills, storm_days)


def _latent(rng: random.Random, invitation: Invitation, skill: float, storm_days: set) -> float:
    """Satisfaction on a 0–1 scale for one contact."""
    interaction = invitation.interaction
    score = 0.78 + CHANNEL_EFFECT.get(invitation.channel, 0.0) * 0.25 + (skill - 0.75) * 0.9
    if interaction.wait_seconds and invitation.channel in ("phone", "chat"):  # queue waits; email waits are normal
        score -= min(interaction.wait_seconds / 1500.0, 0.25)
    if interaction.is_repeat:
        score -= 0.08
    if timezone.localtime(interaction.started_at).date() in storm_days:
        score -= 0.3
    return min(1.0, max(0.0, rng.gauss(score, 0.17)))


def _scale(latent: float, low: int, high: int, rng: random.Random) -> int:
    return max(low, min(high, round(low + latent * (high - low) + rng.gauss(0, 0.6))))


def _answer(
    ctx: "DemoContext", rng: random.Random, workspace: Workspace, survey: Survey, skills: dict, storm_days: set
) -> None:
    invitations = list(
        Invitation.objects.of(workspace)
        .filter(survey=survey)
        .select_related("interaction")
        .only(
            *(f.attname for f in Invitation._meta.concrete_fields),
            *(f"interaction__{name}" for name in ("started_at", "wait_seconds", "is_repeat", "contact_reason")),
        )
        .order_by("send_after", "pk")
    )
    questions = {q.key: q for q in survey.questions.all()}
    responses, planned = [], []
    for invitation in invitations:
        if invitation.send_after > ctx.now or rng.random() > RESPONSE_RATE:
            continue
        latent = _latent(rng, invitation, skills.get(invitation.agent_id, 0.75), storm_days)
        answered_at = invitation.send_after + timedelta(minutes=rng.expovariate(1 / 300))
        response = Response(
            workspace=workspace, survey=survey, invitation=invitation, interaction=invitation.interaction,
            customer_id=invitation.customer_id, case_id=invitation.case_id, agent_id=invitation.agent_id,
            team_id=invitation.team_id, queue_id=invitation.queue_id, channel=invitation.channel,
            contact_reason=invitation.interaction.contact_reason, language=invitation.language,
            answered_at=min(answered_at, ctx.now), completed=rng.random() > 0.06,
        )  # fmt: skip
        responses.append(response)
        planned.append(latent)
    bulk_insert(responses)
    answers, detractors = [], []
    for response, latent in zip(responses, planned, strict=True):
        response.workspace = workspace
        values = {
            "csat": _scale(latent, 1, 5, rng),
            "ces": _scale(latent, 1, 7, rng),
            "resolved": "yes" if latent > 0.55 else ("partly" if latent > 0.35 else "no"),
            "nps": _scale(min(1.0, latent * 1.08 + 0.03), 0, 10, rng),
        }
        if not response.completed:
            values = {"csat": values["csat"]}
        elif rng.random() < 0.4:
            values["comment"] = comment_for(rng, response.language, latent)
        detractor = response.completed and (values["csat"] <= 2 or values["nps"] <= 6)
        detractors.append((response, detractor))
        facts = answer_facts(response)
        for key, value in values.items():
            question = questions[key]
            answers.append(
                Answer(
                    response=response,
                    question=question,
                    question_key=key,
                    question_type=question.type,
                    scale=question.scale,
                    value=value if question.is_scored else None,
                    choice=value if key == "resolved" else "",
                    text=value if key == "comment" else "",
                    **facts,
                )  # fmt: skip
            )
    bulk_insert(answers)
    if answers:  # written past the services, so counted into the roll-ups here (their ids run in order)
        inserted = Answer.objects.of(workspace).filter(pk__gte=answers[0].pk, pk__lte=answers[-1].pk)
        rollup_add(workspace=workspace, answers=inserted)
    _statuses(ctx, workspace, survey)
    _follow_ups(ctx, rng, workspace, detractors)


def _statuses(ctx: "DemoContext", workspace: Workspace, survey: Survey) -> None:
    invitations = Invitation.objects.of(workspace).filter(survey=survey)
    invitations.filter(send_after__lte=ctx.now).update(status=Invitation.Status.SENT, sent_at=F("send_after"))
    invitations.filter(response__completed=True).update(status=Invitation.Status.COMPLETED)
    invitations.filter(response__completed=False).update(status=Invitation.Status.STARTED)


def _follow_ups(
    ctx: "DemoContext", rng: random.Random, workspace: Workspace, responses: list[tuple[Response, bool]]
) -> None:
    """Detractors' follow-ups: older ones called back with an outcome, the latest still open (some late)."""
    teams = {team.pk: team for team in Team.objects.of(workspace).filter(pk__in={r.team_id for r, _ in responses})}
    outcomes = [o for o, _ in FollowUp.Outcome.choices]
    weights = [45, 20, 8, 20, 7]
    for response, detractor in responses:
        if not detractor:
            continue
        response.team = teams.get(response.team_id)
        follow_up = follow_up_open_if_detractor(response=response, now=response.answered_at)
        if follow_up is None or follow_up.due_at > ctx.now - timedelta(days=math.floor(rng.uniform(-1, 6))):
            continue
        follow_up.status = FollowUp.Status.DONE
        follow_up.outcome = rng.choices(outcomes, weights)[0]
        follow_up.called_back_at = follow_up.due_at - timedelta(hours=rng.uniform(2, 40))
        follow_up.notes = call_back_note(rng, follow_up.outcome)
        follow_up.closed_by = follow_up.assignee
        follow_up.save(update_fields=["status", "outcome", "called_back_at", "notes", "closed_by", "updated_at"])
