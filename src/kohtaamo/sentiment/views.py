"""The sentiment model page: label examples, train a classifier on them, read its cross-validated accuracy
beside the lexicon's, and switch it on or off."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kohtaamo.inputs.uploads import upload_too_big, uploads_limit
from kohtaamo.lib.text.classifier import FOLDS, LABELS, MIN_PER_LABEL
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.auth import workspace_view

from . import selectors
from .forms import ExampleForm, ImportForm, LabelForm
from .models import Sentiment
from .presenters import training_view
from .services.examples import (
    ImportReport,
    answer_label,
    sentiment_example_add,
    sentiment_example_delete,
    sentiment_examples_import,
)
from .services.training import SwitchError, sentiment_classifier_switch, sentiment_training_request
from .tasks import sentiment_training_schedule

SHOWN_REJECTIONS = 5


def _back(actor: Actor, anchor: str = "") -> HttpResponse:
    response = redirect("feedback-sentiment", ws=actor.workspace.slug)
    response["Location"] += f"#{anchor}" if anchor else ""
    return response


@workspace_view("label_sentiment")
def sentiment_model(request: HttpRequest, actor: Actor) -> HttpResponse:
    return _page(request, actor)


def _page(request: HttpRequest, actor: Actor, form: ExampleForm | None = None) -> HttpResponse:
    """The page, with the typed example's form as posted when it did not validate (a 400)."""
    latest = selectors.latest_training(actor=actor)
    counts = selectors.example_counts(actor=actor)
    context = {
        "here": "sentiment",
        "counts": [(label, Sentiment(label).label, counts.get(label, 0)) for label in LABELS],
        "total": sum(counts.values()),
        "min_per_label": MIN_PER_LABEL,
        "folds": FOLDS,
        "latest": latest,
        "latest_counts": [
            (Sentiment(label).label, (latest.counts if latest else {}).get(label, 0)) for label in LABELS
        ],
        "training": training_view(latest),
        "active": selectors.active_classifier(actor=actor),
        "examples": selectors.recent_examples(actor=actor),
        "comments": selectors.comments_to_label(actor=actor),
        "form": form or ExampleForm(),
        "import_form": ImportForm(),
        "labels": Sentiment.choices,
        "can_manage": actor.can("manage_sentiment_model"),
    }
    return render(request, "sentiment/model.html", context, status=400 if form is not None else 200)


@require_POST
@workspace_view("label_sentiment")
def example_add(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = ExampleForm(request.POST)
    if not form.is_valid():
        return _page(request, actor, form=form)
    data = form.cleaned_data
    sentiment_example_add(
        actor=actor, text=data["text"], language=data["language"] or None, sentiment=data["sentiment"]
    )
    messages.success(request, _("The example was labelled."))
    return _back(actor, "examples")


@require_POST
@workspace_view("label_sentiment")
def examples_import(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES)
    if upload_too_big(request):
        messages.error(request, _("The file is larger than %(mb)s MB.") % {"mb": uploads_limit() // (1024 * 1024)})
        return _back(actor, "import")
    if not form.is_valid():
        messages.error(request, _("Choose a JSONL file of labelled examples."))
        return _back(actor, "import")
    report = sentiment_examples_import(actor=actor, lines=form.cleaned_data["file"])
    _report_import(request, report)
    return _back(actor, "import")


def _report_import(request: HttpRequest, report: ImportReport) -> None:
    figures = {"added": report.added, "relabelled": report.relabelled, "unchanged": report.unchanged}
    messages.success(
        request, _("Examples added: %(added)s, labels changed: %(relabelled)s, already so: %(unchanged)s.") % figures
    )
    if report.rejected:
        shown = "; ".join(_("line %(line)s: %(error)s") % {"line": r.line, "error": r.message}
                          for r in report.rejected[:SHOWN_REJECTIONS])  # fmt: skip
        messages.error(request, _("Lines rejected: %(n)s (%(shown)s).") % {"n": len(report.rejected), "shown": shown})


@require_POST
@workspace_view("label_sentiment")
def comment_label(request: HttpRequest, actor: Actor, answer_id: int) -> HttpResponse:
    answer = selectors.answer_get(actor=actor, answer_id=answer_id)
    form = LabelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose positive, neutral or negative."))
        return _back(actor, "comments")
    answer_label(actor=actor, answer=answer, sentiment=form.cleaned_data["sentiment"])
    return _back(actor, "comments")


@require_POST
@workspace_view("label_sentiment")
def example_delete(request: HttpRequest, actor: Actor, example_id: int) -> HttpResponse:
    sentiment_example_delete(actor=actor, example=selectors.example_get(actor=actor, example_id=example_id))
    messages.success(request, _("The label was removed."))
    return _back(actor, "examples")


@require_POST
@workspace_view("manage_sentiment_model")
def training_request(request: HttpRequest, actor: Actor) -> HttpResponse:
    sentiment_training_schedule(sentiment_training_request(actor=actor))
    messages.success(request, _("Training started. The result appears here when the background worker has run it."))
    return _back(actor, "training")


@require_POST
@workspace_view("manage_sentiment_model")
def classifier_switch(request: HttpRequest, actor: Actor, classifier_id: int) -> HttpResponse:
    classifier = selectors.classifier_get(actor=actor, classifier_id=classifier_id)
    on = request.POST.get("on") == "1"
    try:
        sentiment_classifier_switch(actor=actor, classifier=classifier, on=on)
    except SwitchError:
        messages.error(request, _("Only a trained classifier can be switched on."))
        return _back(actor, "training")
    if on:
        messages.success(request, _("Your classifier now reads the sentiment of every text that arrives."))
    else:
        messages.success(request, _("The shipped lexicon model reads sentiment again."))
    return _back(actor, "training")
