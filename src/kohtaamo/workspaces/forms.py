"""Posted data on the sign-in and settings pages."""

from django import forms
from django.utils.translation import gettext_lazy as _


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
