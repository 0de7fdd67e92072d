"""Posted data on the sign-in and settings pages."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from kohtaamo.lib.text.custom_patterns import MAX_PATTERN_CHARS, MAX_PATTERNS, PatternError, check_patterns
from kohtaamo.lib.text.pii import KINDS as PII_KINDS

from .labels import EXTRA_ROWS, KEY_MAX, LABEL_MAX, LANGUAGES, ROWS_MAX
from .patterns import pattern_message


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


class RedactionPatternForm(forms.Form):
    """One of the workspace's own patterns: a name (the mask is ``[NAME]``) and a regular expression."""

    name = forms.CharField(label=_("Name"), max_length=40, required=False)
    pattern = forms.CharField(label=_("Regular expression"), max_length=MAX_PATTERN_CHARS, required=False, strip=False)

    def clean(self) -> dict:
        data = super().clean() or {}
        name, pattern = (data.get("name") or "").strip(), data.get("pattern") or ""
        data["name"] = name
        if not name and not pattern.strip():
            return data
        if not name:
            self.add_error("name", _("Give the pattern a name: it is shown as the mask."))
        elif not pattern.strip():
            self.add_error("pattern", _("Give the regular expression to mask."))
        else:
            try:
                check_patterns({name: pattern}, reserved=PII_KINDS)
            except PatternError as error:
                self.add_error("name" if error.code in {"name", "built_in"} else "pattern", pattern_message(error))
        return data


class BaseRedactionPatternFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        seen: set[str] = set()
        for form in self.forms:
            name = getattr(form, "cleaned_data", {}).get("name")
            if name and name in seen:
                form.add_error("name", pattern_message(PatternError("duplicate", name)))
            seen.add(name or "")

    def patterns(self) -> dict[str, str]:
        """The filled rows as name → regular expression, in the order given (after ``is_valid()``)."""
        return {row["name"]: row["pattern"] for row in self.cleaned_data if row.get("name")}


RedactionPatternFormSet = cast(
    type[BaseRedactionPatternFormSet],
    forms.formset_factory(
        RedactionPatternForm,
        formset=BaseRedactionPatternFormSet,
        extra=2,
        max_num=MAX_PATTERNS,
        absolute_max=MAX_PATTERNS,
        validate_max=True,
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
