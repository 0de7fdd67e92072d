"""Validation of the erasure confirmation and the retention settings."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kohtaamo.inputs.widgets import CalendarDate

from .models import RetentionPolicy


class EraseConfirmForm(forms.Form):
    """Erasure cannot be undone: the admin types the customer's number to confirm."""

    confirm = forms.CharField(label=_("Type the customer number to confirm"), max_length=20)

    def __init__(self, *args: object, customer_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.customer_id = customer_id

    def clean_confirm(self) -> str:
        value = self.cleaned_data["confirm"].strip().lstrip("#")
        if value != str(self.customer_id):
            raise forms.ValidationError(_("This is not the customer's number."))
        return value


class RetentionForm(forms.ModelForm):
    class Meta:
        model = RetentionPolicy
        fields = ["transcript_months", "free_text_months", "notification_months", "mask_identifiers_for_agents"]
        help_texts = {"transcript_months": _("Empty: kept until the customer's data is erased.")}


class AuditFilterForm(forms.Form):
    """The audit page's filters (all optional); a bad date is a field error, never a 500."""

    action = forms.CharField(label=_("Action"), max_length=50, required=False)
    actor = forms.CharField(label=_("Who"), max_length=200, required=False)
    object_type = forms.CharField(label=_("Object type"), max_length=50, required=False)
    object_id = forms.CharField(label=_("Object id"), max_length=64, required=False)
    since = forms.DateField(label=pgettext_lazy("period", "From"), required=False, widget=CalendarDate())
    until = forms.DateField(label=pgettext_lazy("period", "To"), required=False, widget=CalendarDate())
