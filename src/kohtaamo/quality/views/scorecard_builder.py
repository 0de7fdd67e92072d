"""The scorecard builder: a scorecard's titles, sections and questions as form fields, with a live preview.

It writes exactly the JSON the JSON editor would (``builder_forms.draft_to_form``) and saves it through the
same services, so ``load_form`` validates it and a used version is kept as it was. Every button posts the
whole page (it works without JavaScript); htmx only refreshes the preview as the QA lead types.
"""

import copy

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kohtaamo.lib.qa.form_json import FormError, load_form
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.auth import workspace_view

from ..builder_draft import LANGUAGES, Draft, draft_apply, draft_from_post
from ..builder_forms import draft_to_form, fresh_id, place_form_error
from ..labels import AUTO_CHECKS, FAILING, SCALES
from ..models import Scorecard
from ..presenters import form_view
from ..selectors import scorecards as scorecard_reads
from ..services import scorecards

# Each language under its own name, as people who speak it write it (the same on every page language).
LANGUAGE_NAMES = {"fi": "Suomi", "sv": "Svenska", "en": "English"}


def _preview_language(request: HttpRequest) -> str:
    language = request.POST.get("preview_language", "")
    return language if language in LANGUAGES else (get_language() or "en")[:2]


def _preview(request: HttpRequest, draft: Draft) -> str:
    """The evaluation form as an evaluator reading ``preview_language`` sees it, from the draft as it stands.

    The whole preview is in that language (Yes/No and N/A too), as the evaluator's own page would be. It
    works on a copy: new questions are named only when saved, from the words they have by then.
    """
    language = _preview_language(request)
    with translation.override(language):
        return render_to_string(
            "quality/_builder_preview.html", _preview_context(copy.deepcopy(draft), language), request
        )


def _preview_context(draft: Draft, language: str) -> dict:
    context: dict = {}
    try:
        form = load_form(draft_to_form(draft, form_id="preview", preview=True) or {})
    except FormError:  # no section with a question yet, or no weight above 0: say what is missing
        return context | {"preview_error": True}
    sections = form_view(form, language, answers={})
    total = sum(s.weight for s in form.sections) or 1
    return context | {
        "sections": sections,
        "weights": [
            (view.title, s.weight, 100 * s.weight / total) for view, s in zip(sections, form.sections, strict=False)
        ],
        "allow_above_100": form.allow_above_100 and form.bonus is not None,
    }


def _page(request: HttpRequest, draft: Draft, scorecard: Scorecard | None, *, status: int = 200) -> HttpResponse:
    context = {
        "draft": draft,
        "scorecard": scorecard,
        "current": scorecard.current if scorecard else None,
        "language_names": LANGUAGE_NAMES,
        "scales": SCALES,
        "failing": FAILING,
        "auto_checks": AUTO_CHECKS,
        "preview_language": _preview_language(request),
        "preview": _preview(request, draft),
    }
    return render(request, "quality/scorecard_builder.html", context, status=status)


def _builder(request: HttpRequest, actor: Actor, scorecard: Scorecard | None) -> HttpResponse:
    if request.method != "POST":
        return _page(request, Draft.from_form(scorecard.current.form) if scorecard else Draft(), scorecard)
    draft = draft_from_post(request.POST)
    action = request.POST.get("action", "")
    if action != "save":
        draft_apply(draft, action)  # a structural button (or Enter in a field): show the page again, unsaved
        return _page(request, draft, scorecard)
    key = (
        scorecard.key if scorecard else fresh_id(draft.title, scorecard_reads.scorecard_keys(actor=actor), "scorecard")
    )
    data = draft_to_form(draft, form_id=key)
    if data is None:
        return _page(request, draft, scorecard, status=422)
    try:
        if scorecard is None:
            scorecard = scorecards.scorecard_create(workspace=actor.workspace, form_data=data, created_by=actor.user)
            messages.success(request, _("Scorecard “%(name)s” saved.") % {"name": scorecard.display_name})
        else:
            version = scorecards.scorecard_update(scorecard=scorecard, form_data=data, edited_by=actor.user)
            messages.success(request, _("Saved as version %(number)s.") % {"number": version.number})
    except FormError as error:
        place_form_error(draft, error)
        return _page(request, draft, scorecard, status=422)
    return redirect("quality-scorecard-builder", ws=actor.workspace.slug, scorecard_id=scorecard.pk)


@workspace_view("manage_scorecards")
def builder_new(request: HttpRequest, actor: Actor) -> HttpResponse:
    """A new scorecard started in the builder (templates and JSON import stay on the scorecard list)."""
    return _builder(request, actor, None)


@workspace_view("manage_scorecards")
def builder_edit(request: HttpRequest, actor: Actor, scorecard_id: int) -> HttpResponse:
    """A workspace's scorecard in the builder; saving makes a new version once the current one is used."""
    return _builder(request, actor, scorecard_reads.scorecard_get(actor=actor, scorecard_id=scorecard_id))


@workspace_view("manage_scorecards")
@require_POST
def builder_preview(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The preview alone, for htmx to swap in as the builder changes (reads nothing but the post)."""
    return HttpResponse(_preview(request, draft_from_post(request.POST)))
