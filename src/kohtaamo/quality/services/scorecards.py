"""Scorecards: create, import and edit (versioned) evaluation forms."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from kohtaamo.lib.qa.form_json import FormError, form_to_dict, load_form
from kohtaamo.lib.qa.forms import Form, localise
from kohtaamo.workspaces.models import Workspace

from ..models import Scorecard, ScorecardVersion
from ..scorecard_templates import load_template


def _name_of(form: Form) -> str:
    return localise(form.title, "en")[:200]


def _titles_of(form: Form) -> dict[str, str]:
    """The form's title per language (empty when it is one plain string: then the name is all there is)."""
    if not isinstance(form.title, dict):
        return {}
    return {str(language): str(text)[:200] for language, text in form.title.items() if str(text).strip()}


@transaction.atomic
def scorecard_create(
    *, workspace: Workspace, form_data: dict[str, Any], created_by: AbstractBaseUser | None = None
) -> Scorecard:
    """A new scorecard from form JSON (raises ``FormError`` naming the bad field).

    Importing a form whose id is already taken makes it a new version of that scorecard, so a
    form shared between workspaces can be re-imported after it changed.
    """
    form = load_form(form_data)
    scorecard = Scorecard.objects.of(workspace).filter(key=form.id).first()
    if scorecard is not None:
        scorecard_update(scorecard=scorecard, form_data=form_data, edited_by=created_by)
        return scorecard
    scorecard = Scorecard(
        workspace=workspace, key=form.id, name=_name_of(form), titles=_titles_of(form), created_by=created_by
    )
    scorecard.full_clean()
    scorecard.save()
    ScorecardVersion.objects.create(scorecard=scorecard, number=1, form=form_to_dict(form), created_by=created_by)
    return scorecard


def scorecard_from_template(
    *, workspace: Workspace, template: str, created_by: AbstractBaseUser | None = None
) -> Scorecard:
    """One of the shipped templates (customer_service, telesales) as a workspace scorecard."""
    return scorecard_create(workspace=workspace, form_data=form_to_dict(load_template(template)), created_by=created_by)


@transaction.atomic
def scorecard_update(
    *, scorecard: Scorecard, form_data: dict[str, Any], edited_by: AbstractBaseUser | None = None
) -> ScorecardVersion:
    """Save an edited form: in place while nobody has used it, otherwise as a new version.

    Evaluations point at the version they were scored with, so editing a used form never
    changes an existing score.  The form's id must stay the scorecard's key.
    """
    form = load_form(form_data)
    if form.id != scorecard.key:
        raise FormError("id", f"must stay {scorecard.key!r} (import it as a new scorecard to change the id)")
    canonical = form_to_dict(form)
    current = scorecard.current
    if current.form == canonical:
        return current
    scorecard.name, scorecard.titles = _name_of(form), _titles_of(form)
    scorecard.save(update_fields=["name", "titles"])
    if not current.evaluations.exists() and not current.calibrationsession_set.exists():
        current.form = canonical
        current.save(update_fields=["form"])
        return current
    return ScorecardVersion.objects.create(
        scorecard=scorecard, number=current.number + 1, form=canonical, created_by=edited_by
    )
