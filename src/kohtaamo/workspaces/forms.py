"""Posted data on the sign-in and settings pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .labels import EXTRA_ROWS, KEY_MAX, LABEL_MAX, LANGUAGES, ROWS_MAX


class CodeForm(forms.Form):
    """A six-digit code from an authenticator app (spaces, as some apps show them, are ignored)."""

    code = forms.CharField(label=_("Code"), max_length=12)

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].replace(" ", "")
        if not (code.isascii() and code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("Enter the six digits your authenticator app shows."))
        return code


class WorkspaceSecurityForm(forms.Form):
    require_admin_two_factor = forms.BooleanField(
        label=_("Require two-factor login for admins"),
        required=False,
        help_text=_("Admins who have not set up an authenticator app are asked to do so before they continue."),
    )


class WorkspaceDataForm(forms.Form):
    redact_personal_data = forms.BooleanField(
        label=_("Mask personal data in incoming free text"),
        required=False,
        help_text=_(
            "Email addresses, phone numbers, personal identity codes, IBANs and card numbers in transcripts, "
            "survey comments and attributes are replaced by [EMAIL], [PHONE] and so on before they are stored. "
            "The original is never stored. Applies to what arrives from now on."
        ),
    )


class TokenCreateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    read_only = forms.BooleanField(
        label=_("Read only"), required=False, help_text=_("May read and export, never write.")
    )
    expires_in_days = forms.IntegerField(
        label=_("Expires after (days)"), required=False, min_value=1, max_value=3650, help_text=_("Empty: never.")
    )


class KeyLabelForm(forms.Form):
    """One row of the labels page: a key as the workspace's systems send it and its name per language."""

    key = forms.CharField(label=_("Key"), max_length=KEY_MAX, required=False)
    fi = forms.CharField(label=_("Finnish"), max_length=LABEL_MAX, required=False)
    sv = forms.CharField(label=_("Swedish"), max_length=LABEL_MAX, required=False)
    en = forms.CharField(label=_("English"), max_length=LABEL_MAX, required=False)

    def clean(self) -> dict:
        data = super().clean() or {}
        if any(data.get(code) for code in LANGUAGES) and not data.get("key"):
            self.add_error("key", _("Give the key these names belong to."))
        return data


KeyLabelFormSet = forms.formset_factory(
    KeyLabelForm, extra=EXTRA_ROWS, max_num=ROWS_MAX, absolute_max=ROWS_MAX, validate_max=True
)
