"""Forms of the incident pages: they only turn fields into the same payload the webhook accepts."""

import re
import uuid
from datetime import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import (
    MESSAGE_LANGUAGES,
    SECRET_OPTIONS,
    ChannelConfig,
    Incident,
    NotifyChannel,
    NotifyPolicy,
    WebhookSubscription,
)

LANGUAGE_NAMES = {"fi": _("Finnish"), "sv": _("Swedish"), "en": _("English")}
SEPARATORS = re.compile(r"[\s,;]+")


def _words(text: str) -> list[str]:
    return [w for w in SEPARATORS.split(text or "") if w]


def _iso(value: datetime | None) -> str | None:
    # The view parses the form in the workspace's time zone, so the value is already aware.
    return value.isoformat() if value else None


class IncidentChangeForm(forms.Form):
    """Status, ETA and a note: what changes during an incident."""

    status = forms.ChoiceField(label=_("Status"), choices=Incident.Status.choices)
    eta = forms.DateTimeField(
        label=_("Estimated fix"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    note_fi = forms.CharField(label=_("Note (Finnish)"), required=False, max_length=1000)
    note_sv = forms.CharField(label=_("Note (Swedish)"), required=False, max_length=1000)
    note_en = forms.CharField(label=_("Note (English)"), required=False, max_length=1000)
    notify = forms.BooleanField(label=_("Notify affected customers"), required=False, initial=True)
    channels = forms.MultipleChoiceField(
        label=_("Channels"),
        choices=NotifyChannel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every channel the workspace has."),
    )

    def payload(self, external_id: str) -> dict:
        data = self.cleaned_data
        payload = {
            "external_id": external_id,
            "status": data["status"],
            "eta": _iso(data.get("eta")),
            "notify": bool(data.get("notify")),
            "channels": list(data.get("channels") or []),
        }
        note = {code: data.get(f"note_{code}", "") for code in MESSAGE_LANGUAGES if data.get(f"note_{code}")}
        if note:
            payload["note"] = note
        return payload


class IncidentDeclareForm(IncidentChangeForm):
    """Everything about a new incident; the scope fields take codes separated by spaces or commas."""

    field_order = ["kind", "severity", "status", "title_fi", "title_sv", "title_en", "message_fi", "message_sv",
                   "message_en", "postal_codes", "areas", "customer_ids", "asset_ids", "segment", "eta"]  # fmt: skip
    kind = forms.ChoiceField(label=_("Kind"), choices=Incident.Kind.choices)
    severity = forms.ChoiceField(label=_("Severity"), choices=Incident.Severity.choices, initial="major")
    title_fi = forms.CharField(label=_("Title (Finnish)"), required=False, max_length=200)
    title_sv = forms.CharField(label=_("Title (Swedish)"), required=False, max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), required=False, max_length=200)
    message_fi = forms.CharField(label=_("Message (Finnish)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    message_sv = forms.CharField(label=_("Message (Swedish)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    message_en = forms.CharField(label=_("Message (English)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    postal_codes = forms.CharField(
        label=_("Postal codes"), required=False, help_text=_("E.g. 00100 00120, or 001* for every code starting 001.")
    )
    areas = forms.CharField(label=_("Areas"), required=False, help_text=_("Matched to the customers' area or city."))
    customer_ids = forms.CharField(label=_("Customer numbers"), required=False)
    asset_ids = forms.CharField(label=_("Asset ids"), required=False, help_text=_("E.g. metering points."))
    segment = forms.CharField(
        label=_("Segment rule"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One attribute=value per line, e.g. segment=business; every line must match."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].required = False
        self.fields["status"].choices = [("", _("(by kind)")), *Incident.Status.choices]

    def clean_segment(self) -> dict:
        rule: dict = {}
        for line in (self.cleaned_data.get("segment") or "").splitlines():
            if not line.strip():
                continue
            key, sep, value = line.partition("=")
            if not sep or not key.strip() or not value.strip():
                raise forms.ValidationError(_("Write each line as attribute=value."))
            rule.setdefault(key.strip(), []).append(value.strip())
        return rule

    def payload(self, external_id: str = "") -> dict:
        data = self.cleaned_data
        payload = super().payload(external_id or f"ui-{uuid.uuid4().hex[:12]}")
        payload.pop("status")
        if data.get("status"):
            payload["status"] = data["status"]
        payload.update(kind=data["kind"], severity=data["severity"], segment=data["segment"])
        for name in ("title", "message"):
            payload[name] = {code: data[f"{name}_{code}"] for code in MESSAGE_LANGUAGES if data.get(f"{name}_{code}")}
        for name in ("postal_codes", "areas", "customer_ids", "asset_ids"):
            payload[name] = _words(data.get(name, ""))
        return payload


# Where an error of a payload field is shown on the form.
ERROR_FIELDS = {"title": "title_fi", "message": "message_fi", "note": "note_fi", "scope": "postal_codes"}


def add_payload_errors(form: forms.Form, errors: dict[str, str]) -> None:
    for name, message in errors.items():
        field = ERROR_FIELDS.get(name, name)
        form.add_error(field if field in form.fields else None, message)


SECRET_LABELS = {"password": _("SMTP password"), "token": _("Bearer token"), "secret": _("Signing secret")}
SECRETS_OF = {NotifyChannel.EMAIL: ("password",), NotifyChannel.SMS: ("token",),
              NotifyChannel.WEBHOOK: ("token", "secret")}  # fmt: skip


def _option_fields() -> dict[str, list[tuple[str, forms.Field]]]:
    """Each channel's options as named, explained fields (stored together in ``ChannelConfig.options``)."""
    url_help = _("The gateway's public https address; messages are posted to it as JSON.")
    return {
        NotifyChannel.EMAIL: [
            ("from_email", forms.EmailField(
                label=_("Sender address"), required=False, max_length=254,
                help_text=_("The From address of the messages. Empty: the server's default."),
            )),
            ("host", forms.CharField(label=_("SMTP server"), required=False, max_length=253,
                                     help_text=_("Empty: the server's own mail settings."))),
            ("port", forms.IntegerField(label=_("SMTP port"), required=False, min_value=1, max_value=65535,
                                        help_text=_("Empty: 25."))),
            ("username", forms.CharField(label=_("SMTP user name"), required=False, max_length=254)),
            ("use_tls", forms.BooleanField(label=_("Encrypt the connection (STARTTLS)"), required=False)),
        ],
        NotifyChannel.SMS: [("url", forms.CharField(label=_("SMS gateway address"), required=False,
                                                    max_length=1000, help_text=url_help))],
        NotifyChannel.WEBHOOK: [("url", forms.CharField(label=_("Webhook address"), required=False,
                                                        max_length=1000, help_text=url_help))],
        NotifyChannel.APPRISE: [("url", forms.CharField(
            label=_("Apprise address"), required=False, max_length=1000,
            help_text=_("An Apprise address such as <code>ntfys://host/topic</code>; <code>{phone}</code>, "
                        "<code>{email}</code> and <code>{external_id}</code> are replaced with the customer's."),
        ))],
    }  # fmt: skip


# Where a refused destination is shown: the field that holds the address.
DESTINATION_FIELD = {NotifyChannel.EMAIL: "host"}


class ChannelConfigForm(forms.ModelForm):
    """A channel's settings, its options one field each; its secrets are write-only: "set · change"."""

    class Meta:
        model = ChannelConfig
        fields = ["enabled", "mode", "rate_per_second", "quiet_hours", "workers"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        saved_options = self.instance.options if isinstance(self.instance.options, dict) else {}
        self.option_names = []
        for name, field in _option_fields().get(self.instance.channel, []):
            field.initial = saved_options.get(name)
            self.fields[name] = field
            self.option_names.append(name)
        saved = self.instance.secrets or {}
        for name in SECRETS_OF.get(self.instance.channel, ()):
            self.fields[name] = forms.CharField(
                label=SECRET_LABELS[name],
                required=False,
                max_length=500,
                strip=False,
                widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
                help_text=_("Set · type a new one to change it.") if saved.get(name) else _("Not set."),
            )
        if saved:
            self.fields["clear_secrets"] = forms.BooleanField(label=_("Remove the saved secrets"), required=False)

    def options(self) -> dict[str, Any]:
        """The options as stored: the given values only (an empty port or an unticked TLS box is left out)."""
        values = {name: self.cleaned_data.get(name) for name in self.option_names}
        return {name: value for name, value in values.items() if value not in (None, "", False)}

    def clean(self) -> dict[str, Any]:
        """Refuse a destination the server may not connect to, on the field that holds it."""
        data = super().clean()
        if not self.errors:
            probe = ChannelConfig(workspace_id=self.instance.workspace_id, channel=self.instance.channel,
                                  options=self.options())  # fmt: skip
            try:
                probe.clean()
            except forms.ValidationError as problem:
                field = DESTINATION_FIELD.get(self.instance.channel, "url")
                found = problem.message_dict.get("options") if hasattr(problem, "error_dict") else None
                for message in found or problem.messages:
                    self.add_error(field if field in self.fields else None, message)
        return data

    def changes(self) -> dict[str, Any]:
        """The service's arguments: settings, options, new secrets (blank keeps the saved one), and clearing."""
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.option_names}
        secrets = {name: data.pop(name) for name in SECRET_OPTIONS if name in data}
        clear = bool(data.pop("clear_secrets", False))
        return {**data, "options": self.options(), "secrets": {k: v for k, v in secrets.items() if v},
                "clear_secrets": clear}  # fmt: skip


class NotifyPolicyForm(forms.ModelForm):
    class Meta:
        model = NotifyPolicy
        fields = ["quiet_start", "quiet_end", "eta_threshold_minutes", "coalesce_minutes", "cap_per_incident",
                  "max_attempts"]  # fmt: skip


class WebhookSubscriptionForm(forms.Form):
    """A new subscription; the model's ``clean`` (via the service) checks the URL and the events."""

    name = forms.CharField(label=_("Name"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=WebhookSubscription.Kind.choices)
    url = forms.CharField(label=_("URL"), max_length=1000, help_text=_("A public https address."))
    events = forms.MultipleChoiceField(label=_("Events"), choices=WebhookSubscription.Event.choices,
                                       widget=forms.CheckboxSelectMultiple)  # fmt: skip
