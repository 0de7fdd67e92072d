"""Scorecard list, JSON editor with validation, templates, import and export; the quality plan."""

import json
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kohtaamo.lib.qa.form_json import FormError, load_form
from kohtaamo.lib.wellformed import clean_json
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.auth import workspace_view

from ..forms import PlanForm
from ..presenters import form_view, scorecard_json
from ..scorecard_templates import template_names
from ..selectors import plan as plans
from ..selectors import scorecards as scorecard_reads
from ..services import sampling, scorecards

MAX_FORM_BYTES = 512 * 1024


def _parse(text: str) -> dict[str, Any]:
    """Form JSON from the editor or an upload; a syntax error names its line and column."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise FormError("json", _("line %(line)s, column %(column)s: %(message)s")
                        % {"line": error.lineno, "column": error.colno, "message": error.msg}) from None  # fmt: skip
    except (ValueError, RecursionError):  # a 4,300-digit integer, nesting thousands deep
        raise FormError("json", _("the JSON is too large or too deep to read")) from None
    if not isinstance(data, dict):
        raise FormError("", _("a scorecard is a JSON object"))
    data, problems = clean_json(data)
    if problems:
        path, reason = problems[0]
        raise FormError("json", f"{path}: {reason}")
    return data


@workspace_view("manage_scorecards")
def scorecard_list(request: HttpRequest, actor: Actor) -> HttpResponse:
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
            messages.success(request, _("Scorecard “%(name)s” saved.") % {"name": scorecard.display_name})
            return redirect("quality-scorecard", ws=actor.workspace.slug, scorecard_id=scorecard.pk)
    listing = scorecard_reads.scorecard_listing(actor=actor)
    context = {"scorecards": listing, "templates": template_names(), "error": error, "pasted": pasted}
    return render(request, "quality/scorecards.html", context, status=422 if error else 200)


@workspace_view("manage_scorecards")
def scorecard_detail(request: HttpRequest, actor: Actor, scorecard_id: int) -> HttpResponse:
    scorecard = scorecard_reads.scorecard_get(actor=actor, scorecard_id=scorecard_id)
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
        "versions": scorecard_reads.scorecard_versions(actor=actor, scorecard=scorecard),
        "text": text,
        "error": error,
        "preview": form_view(form, get_language(), answers={}),
        "allow_above_100": form.allow_above_100,
    }
    return render(request, "quality/scorecard.html", context, status=422 if error else 200)


@workspace_view("view_quality")
def scorecard_export(request: HttpRequest, actor: Actor, scorecard_id: int, number: int) -> HttpResponse:
    version = scorecard_reads.scorecard_version_get(actor=actor, scorecard_id=scorecard_id, number=number)
    response = JsonResponse(scorecard_json(version), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{version.scorecard.key}-v{number}.json"'
    return response


@workspace_view("manage_scorecards")
def plan_edit(request: HttpRequest, actor: Actor) -> HttpResponse:
    page = plans.plan_page(actor=actor)
    form = PlanForm(request.POST or None, instance=page.plan, actor=actor)
    if request.method == "POST" and form.is_valid():
        by_pk = {str(u.pk): u for u in page.evaluators}
        assignments = {team: by_pk.get(request.POST.get(f"evaluator-{team.pk}", "")) for team in page.teams}
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields if name != "queues"}
        sampling.quality_plan_update(
            plan=page.plan, queues=form.cleaned_data["queues"], assignments=assignments, **fields
        )
        messages.success(request, _("The quality plan is saved."))
        return redirect("quality-plan", ws=actor.workspace.slug)
    rows = [(team, page.assigned.get(team.pk)) for team in page.teams]
    context = {"form": form, "rows": rows, "evaluators": page.evaluators}
    return render(request, "quality/plan.html", context)
