"""Forms of the feedback pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import FollowUp


class FollowUpForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=FollowUp.Outcome.choices)
    notes = forms.CharField(label=_("Call-back notes"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    called_back_at = forms.DateTimeField(
        label=_("Called back at"),
        required=False,
        help_text=_("Leave empty to use the current time."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
