"""Forms of the journeys app: they parse input; the services validate and save."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kohtaamo.inputs.widgets import CalendarDate
from kohtaamo.lib.wellformed import clean_json
from kohtaamo.timeline.models import Channel
from kohtaamo.workspaces.access import Actor

from .models import Action, Touchpoint
from .selectors.catalogue import form_choices
from .targets import METRIC_CHOICES

ACTION_FIELDS = ("title", "hypothesis", "owner", "journey", "metric", "target_value", "target_date", "impact",
                 "confidence", "effort")  # fmt: skip


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal on the form: on the field it names, otherwise above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class CommaListField(forms.CharField):
    """A comma-separated list of words, e.g. contact reasons."""

    def to_python(self, value: Any) -> list[str]:
        return [part.strip() for part in (super().to_python(value) or "").split(",") if part.strip()]

    def prepare_value(self, value: Any) -> Any:
        return ", ".join(value) if isinstance(value, list) else value


class WorkspaceForm(forms.Form):
    """A form whose owner, persona, journey and touchpoint choices come from the actor's workspace."""

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in form_choices(actor=actor).items():
            if name in self.fields:
                self.fields[name].queryset = queryset


class PersonaForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    rules = forms.CharField(
        label=_("Rules, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "attributes.age_band = 65+\npreferred_channel = phone"}),
    )


class TouchpointForm(WorkspaceForm):
    name = forms.CharField(label=_("Name"), max_length=120)
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("No data (e.g. invoice)"))] + Channel.choices
    )
    purpose = forms.CharField(label=_("Purpose"), max_length=300, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Touchpoint.Kind.choices)
    contact_reasons = CommaListField(label=_("Contact reasons (comma-separated; empty: all)"), required=False)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None, required=False)


class JourneyForm(WorkspaceForm):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    persona = forms.ModelChoiceField(label=_("Persona"), queryset=None, required=False)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None, required=False)
    contact_reasons = CommaListField(
        label=_("Contact reasons of its cases (comma-separated; empty: all)"), required=False
    )
    stages = CommaListField(label=_("Stages (comma-separated, in order)"), required=False)


class StageForm(forms.Form):
    name = forms.CharField(label=_("New stage"), max_length=120)


class InsightForm(WorkspaceForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    finding = forms.CharField(label=_("Finding"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    journeys = forms.ModelMultipleChoiceField(label=_("Journeys"), queryset=None, required=False)
    touchpoints = forms.ModelMultipleChoiceField(label=_("Touchpoints"), queryset=None, required=False)
    evidence = forms.JSONField(widget=forms.HiddenInput, required=False)

    def clean_evidence(self) -> dict:
        evidence = self.cleaned_data["evidence"]
        evidence, problems = clean_json(evidence if isinstance(evidence, dict) else {})
        if problems:
            raise forms.ValidationError("{}: {}".format(*problems[0]))
        return evidence


class ActionForm(WorkspaceForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    hypothesis = forms.CharField(label=_("Hypothesis"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None, required=False)
    journey = forms.ModelChoiceField(label=_("Journey"), queryset=None, required=False)
    metric = forms.ChoiceField(label=_("Target metric"), choices=METRIC_CHOICES)
    channel = forms.ChoiceField(label=_("Only channel"), required=False, choices=[("", _("All"))] + Channel.choices)
    contact_reason = forms.CharField(label=_("Only contact reason"), required=False, max_length=200)
    persona = forms.ModelChoiceField(label=_("Only persona"), queryset=None, required=False)
    target_value = forms.FloatField(label=_("Target value"), required=False)
    target_date = forms.DateField(label=_("Target date"), required=False, widget=CalendarDate())
    impact = forms.IntegerField(label=_("Impact (1–5)"), min_value=1, max_value=5, initial=3)
    confidence = forms.IntegerField(label=_("Confidence (1–5)"), min_value=1, max_value=5, initial=3)
    effort = forms.IntegerField(label=_("Effort (1–5)"), min_value=1, max_value=5, initial=3)
    insight = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def action_fields(self) -> dict:
        """The action's own fields, as the service takes them (the linked insight is looked up apart)."""
        return {key: self.cleaned_data[key] for key in ACTION_FIELDS} | {"metric_filter": self.metric_filter()}

    def metric_filter(self) -> dict:
        data = self.cleaned_data
        found = {"channel": data["channel"], "contact_reason": data["contact_reason"].strip()}
        if data["persona"]:
            found["persona"] = data["persona"].pk
        return {key: value for key, value in found.items() if value}


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Action.Status.choices)
