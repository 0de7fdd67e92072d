"""Forms of the feedback pages: the call-back record and the survey and trigger editors."""

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kohtaamo.timeline.models import Channel
from kohtaamo.workspaces.access import Actor

from .models import FollowUp, Question, QuestionType, SendBy, Survey, TriggerRule
from .selectors.surveys import queue_choices, survey_key_taken

# Survey texts are written in every language a customer may answer in.
LANGUAGES = ("fi", "sv", "en")
SLUG = re.compile(r"[-a-zA-Z0-9_]+")


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


class QuestionForm(forms.Form):
    """One question of the survey editor; single-choice options are written one a line."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    key = forms.SlugField(label=_("Key"), max_length=100)
    type = forms.ChoiceField(label=_("Type"), choices=[("", "—"), *QuestionType.choices])
    text_fi = forms.CharField(label=_("Question in Finnish"), max_length=500)
    text_sv = forms.CharField(label=_("Question in Swedish"), max_length=500)
    text_en = forms.CharField(label=_("Question in English"), max_length=500)
    choices = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Single choice only: one option a line, as key | Finnish | Swedish | English."),
    )
    required = forms.BooleanField(label=_("Required"), required=False)

    @staticmethod
    def initial_for(question: Question) -> dict:
        lines = (" | ".join([c["key"], *(c["text"].get(lang, "") for lang in LANGUAGES)]) for c in question.choices)
        return {
            "id": question.pk,
            "key": question.key,
            "type": question.type,
            **{f"text_{lang}": question.text.get(lang, "") for lang in LANGUAGES},
            "choices": "\n".join(lines),
            "required": question.required,
        }

    def clean(self) -> dict:
        data = super().clean()
        if data.get("type") == QuestionType.SINGLE_CHOICE:
            try:
                data["choices"] = _parse_choices(data.get("choices", ""))
            except forms.ValidationError as invalid:
                self.add_error("choices", invalid)
        else:
            data["choices"] = []
        return data

    def spec(self) -> dict:
        """The question as survey_create / survey_update take it."""
        data = self.cleaned_data
        return {
            "id": data["id"],
            "key": data["key"],
            "type": data["type"],
            "text": {lang: data[f"text_{lang}"] for lang in LANGUAGES},
            "choices": data["choices"],
            "required": data["required"],
        }


def _parse_choices(text: str) -> list[dict]:
    choices = []
    for number, line in enumerate((line for line in text.splitlines() if line.strip()), start=1):
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 4 or not all(parts) or not SLUG.fullmatch(parts[0]):
            raise forms.ValidationError(
                _("Option %(number)s: write it as key | Finnish | Swedish | English (the key in letters and digits).")
                % {"number": number}
            )
        choices.append({"key": parts[0], "text": dict(zip(LANGUAGES, parts[1:], strict=True))})
    if len(choices) < 2:
        raise forms.ValidationError(_("A single-choice question needs at least two options."))
    if len({c["key"] for c in choices}) != len(choices):
        raise forms.ValidationError(_("Every option needs its own key."))
    return choices


class BaseQuestionFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors) or self.non_form_errors():
            return
        forms_kept = self.ordered_forms
        if not forms_kept:
            raise forms.ValidationError(_("A survey needs at least one question."))
        seen = set()
        for form in forms_kept:
            key = form.cleaned_data["key"]
            if key in seen:
                form.add_error("key", _("Another question already has this key."))
            seen.add(key)


QuestionFormSet = forms.formset_factory(
    QuestionForm, formset=BaseQuestionFormSet, extra=2, can_order=True, can_delete=True
)


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
