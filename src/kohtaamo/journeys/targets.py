"""The catalogue of metrics an action (or a journey map) can target: each with its kind (which test
applies) and its good direction, and what counts as a long wait or an escalation when they are measured."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MetricSpec:
    key: str
    label: str | Promise
    kind: str  # "proportion" (percent), "mean" or "nps"
    higher_is_better: bool
    survey: bool = False  # measured from survey answers rather than from the contacts themselves


METRICS: dict[str, MetricSpec] = {
    spec.key: spec
    for spec in (
        MetricSpec("repeat_rate", _("Repeat-contact rate (%)"), "proportion", higher_is_better=False),
        MetricSpec("resolution_rate", _("Resolved at contact (%)"), "proportion", higher_is_better=True),
        MetricSpec("escalation_rate", _("Escalated or transferred (%)"), "proportion", higher_is_better=False),
        MetricSpec("abandon_rate", _("Abandoned (%)"), "proportion", higher_is_better=False),
        MetricSpec("long_wait_rate", _("Long waits (%)"), "proportion", higher_is_better=False),
        MetricSpec("wait_seconds", _("Mean wait (s)"), "mean", higher_is_better=False),
        # xgettext:no-python-format
        MetricSpec("csat", _("CSAT, % satisfied"), "proportion", higher_is_better=True, survey=True),
        MetricSpec("nps", _("NPS"), "nps", higher_is_better=True, survey=True),
        MetricSpec("ces", _("CES mean (1–7)"), "mean", higher_is_better=True, survey=True),
    )
}
METRIC_CHOICES = [(key, spec.label) for key, spec in METRICS.items()]

# A wait counts as long beyond this many seconds: live channels are judged in minutes, messages in hours.
LONG_WAIT_SECONDS = {
    "phone": 180,
    "chat": 180,
    "in_person": 600,
    "voice_assistant": 180,
    "whatsapp": 3600,
    "sms": 3600,
    "social": 3600,
    "email": 86400,
}
ESCALATED_OUTCOMES = ("escalated", "transferred")
