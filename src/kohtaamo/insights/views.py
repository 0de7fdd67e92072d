"""The Topics pages: the report with its suggestions, and the taxonomy editor for CX managers."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.auth import workspace_view

from .forms import SuggestionForm, TopicForm
from .presenters import volume_chart
from .selectors.report import GRAINS, MONTHS, SOURCES, TopicsQuery, topics_report
from .selectors.suggestions import topic_suggestions
from .selectors.taxonomy import topic_get, topic_list
from .services.topics import topic_delete, topic_from_suggestion, topic_save


def _query(request: HttpRequest) -> TopicsQuery:
    """The page's choices from the query string; anything not offered falls back to the default."""
    months = request.GET.get("months", "")
    grain = request.GET.get("grain", "")
    source = request.GET.get("source", "")
    metric = request.GET.get("metric", "")
    return TopicsQuery(
        months=int(months) if months in {str(m) for m in MONTHS} else 6,
        grain=grain if grain in GRAINS else "week",
        source=source if source in SOURCES else "",
        metric=metric if metric in ("nps", "csat") else "nps",
    )


@workspace_view("view_topics")
def topics_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    query = _query(request)
    report = topics_report(actor=actor, query=query, today=timezone.localdate())
    suggestions, untagged = topic_suggestions(actor=actor)
    context = {
        "report": report,
        "chart": volume_chart(report),
        "suggestions": suggestions,
        "untagged_comments": untagged,
        "months_choices": MONTHS,
    }
    return render(request, "insights/topics.html", context)


@workspace_view("manage_topics")
def taxonomy(request: HttpRequest, actor: Actor) -> HttpResponse:
    return render(request, "insights/taxonomy.html", {"topics": topic_list(actor=actor)})


@workspace_view("manage_topics")
def topic_edit(request: HttpRequest, actor: Actor, topic_id: int | None = None) -> HttpResponse:
    topic = topic_get(actor=actor, topic_id=topic_id) if topic_id is not None else None
    taken = frozenset(t.key for t in topic_list(actor=actor) if topic is None or t.pk != topic.pk)
    if request.method == "POST":
        form = TopicForm(request.POST, taken_keys=taken)
        if form.is_valid():
            data = form.cleaned_data
            topic_save(actor=actor, topic=topic, key=data["key"], labels=data["labels"], keywords=data["keywords"])
            messages.success(request, _("Topic saved. Texts are tagged again in the background."))
            return redirect("insights-taxonomy", ws=actor.workspace.slug)
    else:
        form = TopicForm(initial=TopicForm.initial_of(topic) if topic else None, taken_keys=taken)
    return render(request, "insights/topic_edit.html", {"form": form, "topic": topic})


@require_POST
@workspace_view("manage_topics")
def topic_remove(request: HttpRequest, actor: Actor, topic_id: int) -> HttpResponse:
    topic_delete(actor=actor, topic=topic_get(actor=actor, topic_id=topic_id))
    messages.success(request, _("Topic removed. Texts are tagged again in the background."))
    return redirect("insights-taxonomy", ws=actor.workspace.slug)


@require_POST
@workspace_view("manage_topics")
def suggestion_add(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = SuggestionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That suggestion cannot be added: %(errors)s") % {"errors": form.errors.as_text()})
        return redirect("insights-topics", ws=actor.workspace.slug)
    topic = topic_from_suggestion(
        actor=actor, language=form.cleaned_data["language"], phrase=form.cleaned_data["phrase"]
    )
    messages.success(request, _("Topic added. Give it its names and words in the other languages."))
    return redirect("insights-topic", ws=actor.workspace.slug, topic_id=topic.pk)
