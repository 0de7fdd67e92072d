"""The labels page: the workspace's names for its own keys (customer attributes, contact reasons) per language.

It lives with the timeline because the keys are the timeline's data; the names are kept on the workspace
(``workspaces.labels``), which every app reads without importing the timeline.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.auth import workspace_view
from kohtaamo.workspaces.forms import KeyLabelFormSet
from kohtaamo.workspaces.labels import KINDS, labels_from_rows, labels_rows
from kohtaamo.workspaces.services import workspace_labels_set

from .selectors import label_keys_seen


@workspace_view("manage_workspace")
def labels_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    """One form per kind of key (its ``action`` says which): the keys seen in the data and the labelled ones.

    Saving one kind replaces that kind's labels with the rows as posted: a row whose names are all
    emptied is dropped, and the key reads as a word again ("age_band" → "Age band").
    """
    action = request.POST.get("action") if request.method == "POST" else None
    seen = label_keys_seen(actor=actor)
    stored = actor.workspace.display_labels or {}
    formsets = {
        kind: KeyLabelFormSet(
            request.POST if action == kind else None,
            prefix=kind,
            initial=None if action == kind else labels_rows(stored, kind, seen[kind]),
        )
        for kind in KINDS
    }
    if action in formsets and formsets[action].is_valid():
        rows = [form.cleaned_data for form in formsets[action] if form.cleaned_data]
        workspace_labels_set(
            workspace=actor.workspace, kind=action, labels=labels_from_rows(rows), changed_by=actor.user
        )
        messages.success(request, _("Labels saved."))
        return redirect("workspace-labels", ws=actor.workspace.slug)
    invalid = action in formsets and not formsets[action].is_valid()
    context = {
        "sections": [
            ("attribute", _("Customer attributes"), formsets["attribute"]),
            ("reason", _("Contact reasons"), formsets["reason"]),
        ]
    }
    return render(request, "timeline/labels.html", context, status=400 if invalid else 200)
