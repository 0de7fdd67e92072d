"""Scorecard list, JSON editor with validation, templates, import and export; the quality plan."""

import json

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kohtaamo.lib.qa.form_json import FormError, load_form
from kohtaamo.workspaces.auth import workspace_view
from kohtaamo.workspaces.models import Team

from ..forms import PlanForm, members_who_can
from ..models import Scorecard
from ..presenters import form_view
from ..scorecard_templates import template_names
from ..services import sampling, scorecards

MAX_FORM_BYTES = 512 * 1024


def _parse(text: str) -> dict:
    """Form JSON from the editor or an upload; a syntax error names its line and column."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise FormError("json", _("line %(line)s, column %(column)s: %(message)s")
                        % {"line": error.lineno, "column": error.colno, "message": error.msg}) from None  # fmt: skip
    if not isinstance(data, dict):
        raise FormError("", _("a scorecard is a JSON object"))
    return data


def _scorecard(actor, scorecard_id: int) -> Scorecard:
    scorecard = Scorecard.objects.filter(workspace=actor.workspace, pk=scorecard_id).first()
    if scorecard is None:
        raise Http404
    return scorecard


@workspace_view("manage_scorecards")
def scorecard_list(request, actor):
    error, pasted = "", ""
    if request.method == "POST":
        try:
            if request.POST.get("action") == "template":
                if request.POST.get("template") not in template_names():
                    raise FormError("", _("choose one of the templates"))
                scorecard = scorecards.scorecard_from_template(
                    workspace=actor.workspace, template=request.POST["template"], created_by=actor.user
                )
            else:
                upload = request.FILES.get("file")
                if upload is not None and upload.size > MAX_FORM_BYTES:
                    raise FormError("", _("the file is larger than 512 kB"))
                pasted = upload.read().decode("utf-8", "replace") if upload else request.POST.get("json", "")
                scorecard = scorecards.scorecard_create(
                    workspace=actor.workspace, form_data=_parse(pasted), created_by=actor.user
                )
        except FormError as exc:
            error = str(exc)
        else:
            messages.success(request, _("Scorecard “%(name)s” saved.") % {"name": scorecard.name})
            return redirect("quality-scorecard", ws=actor.workspace.slug, scorecard_id=scorecard.pk)
    listing = Scorecard.objects.filter(workspace=actor.workspace).annotate(
        versions_count=Count("versions", distinct=True), evaluations_count=Count("versions__evaluations")
    )
    context = {"scorecards": listing, "templates": template_names(), "error": error, "pasted": pasted}
    return render(request, "quality/scorecards.html", context, status=422 if error else 200)


@workspace_view("manage_scorecards")
def scorecard_detail(request, actor, scorecard_id: int):
    scorecard = _scorecard(actor, scorecard_id)
    current = scorecard.current
    text, error = json.dumps(current.form, ensure_ascii=False, indent=2), ""
    if request.method == "POST":
        text = request.POST.get("json", "")
        try:
            data = _parse(text)
            if "check" in request.POST:
                load_form(data)
                messages.success(request, _("The form is valid. It is not saved yet."))
            else:
                version = scorecards.scorecard_update(scorecard=scorecard, form_data=data, edited_by=actor.user)
                messages.success(request, _("Saved as version %(number)s.") % {"number": version.number})
                return redirect("quality-scorecard", ws=actor.workspace.slug, scorecard_id=scorecard.pk)
        except FormError as exc:
            error = str(exc)
    form = load_form(current.form)
    context = {
        "scorecard": scorecard,
        "current": current,
        "versions": scorecard.versions.annotate(evaluations_count=Count("evaluations")).order_by("-number"),
        "text": text,
        "error": error,
        "preview": form_view(form, get_language(), answers={}),
        "allow_above_100": form.allow_above_100,
    }
    return render(request, "quality/scorecard.html", context, status=422 if error else 200)


@workspace_view("view_quality")
def scorecard_export(request, actor, scorecard_id: int, number: int):
    scorecard = _scorecard(actor, scorecard_id)
    version = scorecard.versions.filter(number=number).first()
    if version is None:
        raise Http404
    response = JsonResponse(
        scorecards.scorecard_export(version=version), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = f'attachment; filename="{scorecard.key}-v{number}.json"'
    return response


@workspace_view("manage_scorecards")
def plan_edit(request, actor):
    plan = sampling.quality_plan_get(workspace=actor.workspace)
    teams = list(Team.objects.filter(workspace=actor.workspace))
    evaluators = list(members_who_can(actor.workspace, "evaluate"))
    form = PlanForm(request.POST or None, instance=plan, workspace=actor.workspace)
    if request.method == "POST" and form.is_valid():
        by_pk = {str(u.pk): u for u in evaluators}
        assignments = {team: by_pk.get(request.POST.get(f"evaluator-{team.pk}", "")) for team in teams}
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields if name != "queues"}
        sampling.quality_plan_update(plan=plan, queues=form.cleaned_data["queues"], assignments=assignments, **fields)
        messages.success(request, _("The quality plan is saved."))
        return redirect("quality-plan", ws=actor.workspace.slug)
    assigned = dict(plan.assignments.values_list("team_id", "evaluator_id"))
    context = {"form": form, "rows": [(team, assigned.get(team.pk)) for team in teams], "evaluators": evaluators}
    return render(request, "quality/plan.html", context)
