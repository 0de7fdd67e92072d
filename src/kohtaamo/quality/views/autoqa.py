"""Pages of the automatic QA: an evaluator's override, the spotlight and the agreement with evaluators."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kohtaamo.lib.qa.auto_agreement import MIN_PAIRS, TENTATIVE_ALPHA, TRUST_ALPHA
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.auth import workspace_view

from ..labels import AUTO_CHECKS, SPOTLIGHT_REASONS
from ..selectors import auto_agreement, scope, spotlight
from ..selectors.autoqa import auto_answer_get
from ..services.autoqa import auto_answer_override

VALUES = {"yes": True, "no": False, "": None}
MAX_NOTE = 2000
DAYS = {"7": 7, "30": 30, "90": 90}


@require_POST
@workspace_view("evaluate")
def auto_answer_override_view(request: HttpRequest, actor: Actor, answer_id: int) -> HttpResponse:
    answer = auto_answer_get(actor=actor, answer_id=answer_id)
    value = request.POST.get("value", "")
    note = request.POST.get("note", "")
    back = _back(request, actor, answer.review.interaction_id)
    if value not in VALUES or len(note) > MAX_NOTE:
        messages.error(request, _("Choose passed, failed or the automatic answer; a note of at most 2,000 characters."))
        return back
    auto_answer_override(actor=actor, answer=answer, value=VALUES[value], note=note)
    messages.success(request, _("Your answer was saved; the automatic answer is kept beside it."))
    return back


def _back(request: HttpRequest, actor: Actor, interaction_id: int) -> HttpResponse:
    """To the evaluation the form was on (when the actor sees it), else to the interaction page."""
    evaluation_id = request.POST.get("evaluation", "")
    if evaluation_id.isdigit() and len(evaluation_id) < 12:
        evaluation = scope.evaluation_get(actor=actor, evaluation_id=int(evaluation_id))
        return redirect("quality-evaluation", ws=actor.workspace.slug, evaluation_id=evaluation.pk)
    return redirect("interaction", ws=actor.workspace.slug, interaction_id=interaction_id)


@workspace_view("evaluate")
def spotlight_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    reason = request.GET.get("reason", "")
    days = DAYS.get(request.GET.get("days", ""), 30)
    rows = spotlight.spotlight(actor=actor, days=days, reason=reason or None)
    page = Paginator(rows, 25).get_page(request.GET.get("page"))  # a review list, a screenful at a time
    params = urlencode({"reason": reason, "days": days} if reason else {"days": days})
    context = {
        "rows": page,
        "page": page,
        "params": params,
        "reason": reason if reason in SPOTLIGHT_REASONS else "",
        "reasons": SPOTLIGHT_REASONS.items(),
        "days": days,
        "day_choices": sorted(DAYS.values()),
        "limit": spotlight.LIMIT,
    }
    return render(request, "quality/spotlight.html", context)


@workspace_view("calibrate")
def agreement_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    rows = [(check, AUTO_CHECKS[check], found) for check, found in auto_agreement.check_agreements(actor=actor).items()]
    context = {"rows": rows, "min_pairs": MIN_PAIRS, "trust": TRUST_ALPHA, "tentative": TENTATIVE_ALPHA}
    return render(request, "quality/auto_agreement.html", context)
