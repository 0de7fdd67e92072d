"""Forms of the feedback pages: the call-back record, the survey's settings and the trigger editor.

The survey's questions are not a Django form: the builder (builder.py) reads them field by field."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kohtaamo.timeline.models import Channel
from kohtaamo.workspaces.access import Actor

from .models import FollowUp, SendBy, Survey, TriggerRule
from .selectors.surveys import queue_choices, survey_key_taken


class FollowUpForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=FollowUp.Outcome.choices)
    notes = forms.CharField(label=_("Call-back notes"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    called_back_at = forms.DateTimeField(
        label=_("Called back at"),
        required=False,
        help_text=_("Leave empty to use the current time."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


def _split(text: str) -> list[str]:
    """Comma- or line-separated values, stripped, empty ones and repeats dropped, in the order given."""
    items = (item.strip() for line in text.splitlines() for item in line.split(","))
    return list(dict.fromkeys(item for item in items if item))


class SurveyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    key = forms.SlugField(
        label=_("Key"),
        max_length=100,
        help_text=_("Letters, digits and hyphens; used by the command line. It cannot be changed later."),
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    reminder_days = forms.IntegerField(
        label=_("Reminder after (days)"),
        required=False,
        min_value=0,
        max_value=60,
        initial=2,
        help_text=_("One reminder to customers who have not answered; 0: no reminder. Counted by the fatigue rule."),
    )

    def __init__(self, *args: Any, actor: Actor, survey: Survey | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        if survey is not None:
            del self.fields["key"]

    def clean_key(self) -> str:
        key = self.cleaned_data["key"]
        if survey_key_taken(actor=self.actor, key=key):
            raise forms.ValidationError(_("Another survey already has this key."))
        return key


class TriggerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    channels = forms.MultipleChoiceField(
        label=_("Channels"),
        choices=Channel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every channel."),
    )
    queues = forms.ModelMultipleChoiceField(
        label=_("Queues"),
        queryset=None,  # the actor's queues, set in __init__
        required=False,
        help_text=_("None chosen: every queue."),
    )
    outcomes = forms.CharField(
        label=_("Outcomes"), required=False, help_text=_("Separated by commas; empty: every outcome.")
    )
    contact_reasons = forms.CharField(
        label=_("Contact reasons"), required=False, help_text=_("Separated by commas; empty: every reason.")
    )
    sampling_rate = forms.FloatField(
        label=_("Sampling rate"),
        min_value=0,
        max_value=1,
        initial=1.0,
        help_text=_("Share of eligible contacts invited, from 0 to 1 (0.2 invites one in five)."),
    )
    delay_minutes = forms.IntegerField(
        label=_("Delay (minutes)"), min_value=0, initial=60, help_text=_("After the contact ended.")
    )
    fatigue_days = forms.IntegerField(
        label=_("Fatigue (days)"),
        min_value=0,
        max_value=3650,
        initial=30,
        help_text=_("At most one invitation per customer in this many days, counting every survey."),
    )
    delivery = forms.ChoiceField(
        label=_("Send by"),
        choices=SendBy.choices,
        required=False,
        help_text=_(
            "SMS needs the SMS channel set up under notifications; a customer without the address gets the other."
        ),
    )
    active = forms.BooleanField(label=_("Enabled"), required=False, initial=True)

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["queues"].queryset = queue_choices(actor=actor)

    @staticmethod
    def initial_for(trigger: TriggerRule) -> dict:
        return {
            "name": trigger.name,
            "channels": trigger.channels,
            "queues": list(trigger.queues.all()),
            "outcomes": ", ".join(trigger.outcomes),
            "contact_reasons": ", ".join(trigger.contact_reasons),
            "sampling_rate": trigger.sampling_rate,
            "delay_minutes": trigger.delay_minutes,
            "fatigue_days": trigger.fatigue_days,
            "delivery": trigger.delivery,
            "active": trigger.active,
        }

    def clean_outcomes(self) -> list[str]:
        return _split(self.cleaned_data["outcomes"])

    def clean_contact_reasons(self) -> list[str]:
        return _split(self.cleaned_data["contact_reasons"])
