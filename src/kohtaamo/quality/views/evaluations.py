"""Evaluator's queue, the evaluation screen, acknowledging and disputing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kohtaamo.lib.qa.answers import AnswerError
from kohtaamo.lib.qa.form_json import load_form
from kohtaamo.timeline.presenters import transcript_turns
from kohtaamo.timeline.selectors import interaction_evidence
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.auth import workspace_view

from ..models import Dispute, DisputeCategory, Evaluation, Scorecard
from ..periods import period_of
from ..presenters import answers_from_post, auto_checks_view, form_view
from ..selectors import agents, plan, quotas, scope, scorecards
from ..selectors import disputes as dispute_selectors
from ..selectors.autoqa import auto_review_of
from ..services import disputes, evaluations, sampling
from .reports import agent_page_context


def _to_evaluation(actor: Actor, evaluation: Evaluation) -> HttpResponse:
    return redirect("quality-evaluation", ws=actor.workspace.slug, evaluation_id=evaluation.pk)


def _category(actor: Actor, raw: str) -> DisputeCategory | None:
    return dispute_selectors.dispute_category_get(actor=actor, category_id=int(raw)) if raw.isdigit() else None


def _answer_errors(error: AnswerError, answers: dict[str, object]) -> dict[str, str]:
    # The scorer's own messages are for developers; the common case gets a translated one.
    return {qid: (_("Choose an answer.") if qid not in answers else message) for qid, message in error.errors.items()}


@workspace_view("evaluate")
def queue(request: HttpRequest, actor: Actor) -> HttpResponse:
    page = quotas.queue_page(actor=actor)
    context = {
        "mine": page.mine,
        "pool": page.pool,
        "plan": page.plan,
        "scorecards": page.scorecards,
        "period": page.period,
    }
    return render(request, "quality/queue.html", context)


@require_POST
@workspace_view("manage_scorecards")
def sample(request: HttpRequest, actor: Actor) -> HttpResponse:
    current = plan.quality_plan(actor=actor)
    try:
        seed = int(request.POST.get("seed") or 0)
        period = period_of(actor.workspace, current.period)
        report = sampling.evaluations_sample(plan=current, period=period, seed=seed)
    except (ValidationError, ValueError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(
            request,
            _("%(created)s interactions sampled; %(short)s agents had too few interactions to meet the quota.")
            % {"created": report.created, "short": report.agents_short},
        )
    return redirect("quality-queue", ws=actor.workspace.slug)


@require_POST
@workspace_view("view_quality")
def evaluation_new(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Start an official evaluation (evaluators) or a self-evaluation (the agent of the interaction)."""
    try:
        interaction = scope.interaction_for_evaluation(actor=actor, interaction_id=int(request.POST["interaction"]))
        version = scorecards.scorecard_current_version(actor=actor, scorecard_id=int(request.POST["scorecard"]))
    except (KeyError, ValueError, Scorecard.DoesNotExist):
        messages.error(request, _("Choose an interaction and a scorecard."))
        return redirect("quality-queue" if actor.can("evaluate") else "quality-mine", ws=actor.workspace.slug)
    kind = scope.evaluation_kind_for(actor, interaction, request.POST.get("kind", ""))
    if kind is None:
        raise Http404
    try:
        evaluation = evaluations.evaluation_start(
            interaction=interaction, version=version, evaluator=actor.user, kind=kind
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("interaction", ws=actor.workspace.slug, interaction_id=interaction.pk)
    return _to_evaluation(actor, evaluation)


@workspace_view("view_quality")
def evaluation_detail(request: HttpRequest, actor: Actor, evaluation_id: int) -> HttpResponse:
    evaluation = scope.evaluation_get(actor=actor, evaluation_id=evaluation_id)
    form = load_form(evaluation.version.form)
    language = get_language()
    answers, comments, errors = evaluation.answers, evaluation.comments, {}
    if request.method == "POST":
        if not scope.can_edit(actor, evaluation):
            raise Http404
        answers, comments = answers_from_post(form, request.POST)
        submit = "submit" in request.POST
        try:
            evaluations.evaluation_save(
                evaluation=evaluation,
                answers=answers,
                comments=comments,
                overall_comment=request.POST.get("overall_comment", ""),
                submit=submit,
            )
        except AnswerError as error:
            errors = _answer_errors(error, answers)
            messages.error(request, _("Some questions need an answer before the evaluation can be submitted."))
        else:
            messages.success(request, _("Evaluation submitted.") if submit else _("Draft saved."))
            return _to_evaluation(actor, evaluation)
    review = auto_review_of(actor=actor, interaction=evaluation.interaction)
    auto_checks = auto_checks_view(review, evaluation.interaction.transcript, show_text=True)
    disputes_shown = list(evaluation.disputes.select_related("opened_by", "resolved_by", "arbitrator", "category"))
    context = {
        "evaluation": evaluation,
        "interaction": evaluation.interaction,
        "evidence": interaction_evidence(actor=actor, interaction=evaluation.interaction),
        "turns": transcript_turns(evaluation.interaction),
        "form": form,
        "sections": form_view(
            form,
            language,
            answers=answers,
            comments=comments,
            errors=errors,
            result=evaluation.result,
            auto_checks=auto_checks,
        ),
        "auto_section": {"view": auto_checks, "can_override": actor.can("evaluate"), "evaluation": evaluation}
        if auto_checks
        else None,
        "editable": scope.can_edit(actor, evaluation),
        "can_acknowledge": scope.can_acknowledge(actor, evaluation),
        "can_dispute": scope.can_dispute(actor, evaluation),
        "disputes": disputes_shown,
        "resolvable": {d.pk for d in disputes_shown if scope.can_resolve(actor, evaluation, d)},
        "dispute_categories": dispute_selectors.dispute_categories(actor=actor),
        "overall_comment": request.POST.get("overall_comment", evaluation.overall_comment),
    }
    return render(request, "quality/evaluation.html", context, status=422 if errors else 200)


@require_POST
@workspace_view("evaluate")
def evaluation_claim(request: HttpRequest, actor: Actor, evaluation_id: int) -> HttpResponse:
    evaluation = quotas.queue_item_get(actor=actor, evaluation_id=evaluation_id)
    try:
        evaluations.evaluation_claim(evaluation=evaluation, evaluator=actor.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("quality-queue", ws=actor.workspace.slug)
    return _to_evaluation(actor, evaluation)


@require_POST
@workspace_view("view_quality")
def evaluation_acknowledge(request: HttpRequest, actor: Actor, evaluation_id: int) -> HttpResponse:
    evaluation = scope.evaluation_get(actor=actor, evaluation_id=evaluation_id)
    if not scope.can_acknowledge(actor, evaluation):
        raise Http404
    evaluations.evaluation_acknowledge(evaluation=evaluation)
    messages.success(request, _("Thank you: the evaluation is acknowledged."))
    return _to_evaluation(actor, evaluation)


@require_POST
@workspace_view("view_quality")
def dispute_open(request: HttpRequest, actor: Actor, evaluation_id: int) -> HttpResponse:
    evaluation = scope.evaluation_get(actor=actor, evaluation_id=evaluation_id)
    if not scope.can_dispute(actor, evaluation):
        raise Http404
    try:
        dispute = disputes.dispute_open(
            evaluation=evaluation,
            opened_by=actor.user,
            reason=request.POST.get("reason", ""),
            questions=request.POST.getlist("questions"),
            category=_category(actor, request.POST.get("category", "")),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        decider = dispute.arbitrator or evaluation.evaluator
        name = (decider.get_full_name() or decider.email) if decider else _("a team lead")
        messages.success(request, _("Your dispute was sent to %(name)s.") % {"name": name})
    return _to_evaluation(actor, evaluation)


@require_POST
@workspace_view("evaluate")
def dispute_resolve(request: HttpRequest, actor: Actor, dispute_id: int) -> HttpResponse:
    dispute = scope.dispute_get(actor=actor, dispute_id=dispute_id)
    evaluation = dispute.evaluation
    if not scope.can_resolve(actor, evaluation, dispute):
        raise Http404
    decision = request.POST.get("decision", "")
    answers = None
    if decision != Dispute.Status.REJECTED:
        answers, _comments = answers_from_post(load_form(evaluation.version.form), request.POST)
    try:
        disputes.dispute_resolve(
            dispute=dispute,
            resolved_by=actor.user,
            decision=decision,
            resolution=request.POST.get("resolution", ""),
            answers=answers,
        )
    except AnswerError as error:
        messages.error(request, "; ".join(f"{qid}: {message}" for qid, message in error.errors.items()))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The dispute is resolved and the agent can see the decision."))
    return _to_evaluation(actor, evaluation)


@workspace_view("view_quality")
def mine(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The agent's own evaluations (official apart from self-evaluations), with their trend."""
    page = agents.own_agent_page(actor=actor, language=get_language())
    if page is None:
        return render(request, "quality/no_agent.html")
    return render(request, "quality/agent.html", agent_page_context(page))
