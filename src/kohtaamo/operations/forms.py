"""Forms of the operations pages: they parse and validate; services do the writing."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kohtaamo.inputs.widgets import CalendarDate
from kohtaamo.lib.intervals import GRAINS
from kohtaamo.timeline.models import Channel
from kohtaamo.workspaces.models import Workspace

from .models import Plan
from .selectors.kpis import DIMENSIONS

GRAIN_LABELS = {
    "15min": _("15 minutes"),
    "30min": _("30 minutes"),
    "60min": _("1 hour"),
    "day": _("Day"),
    "week": _("Week"),
    "month": _("Month"),
}
SPLIT_LABELS = {
    "total": _("Total"),
    "channel": _("Channel"),
    "queue": _("Queue"),
    "team": _("Team"),
    "agent": _("Agent"),
}
INTERVAL_CHOICES = [(15, _("15 minutes")), (30, _("30 minutes")), (60, _("1 hour"))]
WEEKDAY_CHOICES = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class KpiFilterForm(forms.Form):
    start = forms.DateField(label=pgettext_lazy("period", "From"), widget=CalendarDate())
    end = forms.DateField(label=pgettext_lazy("period", "To"), widget=CalendarDate())
    grain = forms.ChoiceField(label=_("Interval"), choices=[(g, GRAIN_LABELS[g]) for g in GRAINS], initial="day")
    by = forms.ChoiceField(label=_("Split by"), choices=[(d, SPLIT_LABELS[d]) for d in DIMENSIONS], initial="total")
    channel = forms.ChoiceField(label=_("Channel"), choices=[("", _("All channels")), *Channel.choices], required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            raise forms.ValidationError(_("The end date cannot be before the start date."))
        if start and end and data.get("grain") in ("15min", "30min") and (end - start).days > 62:
            raise forms.ValidationError(_("Use intervals of an hour or longer for more than two months."))
        return data


class ForecastBuildForm(forms.Form):
    start = forms.DateField(label=_("First day"), widget=CalendarDate())
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=366, initial=28)
    interval_minutes = forms.TypedChoiceField(label=_("Interval"), choices=INTERVAL_CHOICES, coerce=int, initial=30)


class EventForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    start_date = forms.DateField(label=_("First day"), widget=CalendarDate())
    end_date = forms.DateField(label=_("Last day"), widget=CalendarDate())
    percent = forms.FloatField(label=_("Change (%)"), min_value=-99.9)
    queue = forms.ModelChoiceField(label=_("Queue"), queryset=None, required=False, empty_label=_("Every queue"))

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["queue"].queryset = workspace.queues.all()


class PlanForm(forms.ModelForm):
    shrinkage_percent = forms.FloatField(
        label=_("Shrinkage (%)"),
        min_value=0,
        max_value=95,
        initial=30,
        help_text=_("Breaks, lunch, training, meetings, coaching and absence together."),
    )

    class Meta:
        model = Plan
        fields = [
            "name",
            "start_date",
            "end_date",
            "interval_minutes",
            "sl_target",
            "sl_seconds",
            "max_occupancy",
            "patience_seconds",
            "chat_concurrency",
            "email_deadline_days",
        ]
        widgets = {
            "start_date": CalendarDate(),
            "end_date": CalendarDate(),
            "interval_minutes": forms.Select(choices=INTERVAL_CHOICES),
        }

    def plan_fields(self) -> dict[str, Any]:
        """The new plan's field values: shrinkage as the one total share."""
        data = dict(self.cleaned_data)
        shrinkage = data.pop("shrinkage_percent") / 100
        return {**data, "shrinkage": {"total": shrinkage}}


class ScenarioForm(forms.Form):
    """What to change in a copy of the plan; empty fields keep the base plan's value."""

    name = forms.CharField(label=_("Scenario name"), max_length=200)
    volume_percent = forms.FloatField(label=_("Volume change (%)"), required=False, min_value=-100)
    volume_from = forms.DateField(label=_("Volume change from"), required=False, widget=CalendarDate())
    volume_to = forms.DateField(label=_("Volume change to"), required=False, widget=CalendarDate())
    aht_percent = forms.FloatField(label=_("AHT change (%)"), required=False, min_value=-90)
    sl_target_percent = forms.FloatField(
        label=_("Service level target (%)"), required=False, min_value=1, max_value=99.9
    )
    shrinkage_percent = forms.FloatField(label=_("Shrinkage (%)"), required=False, min_value=0, max_value=95)
    partner_percent = forms.FloatField(label=_("Partner share (%)"), required=False, min_value=0, max_value=100)
    opens = forms.TimeField(
        label=_("Weekdays open from"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    closes = forms.TimeField(
        label=_("Weekdays open until"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )

    def changes(self, plan: Plan) -> dict[str, Any]:
        """The scenario's changes as plan field values."""
        d = self.cleaned_data
        changes: dict = {}
        if d.get("volume_percent") is not None:
            changes.update(
                volume_factor=1 + d["volume_percent"] / 100,
                volume_from=d.get("volume_from"),
                volume_to=d.get("volume_to"),
            )
        if d.get("aht_percent") is not None:
            changes["aht_factor"] = plan.aht_factor * (1 + d["aht_percent"] / 100)
        if d.get("sl_target_percent") is not None:
            changes["sl_target"] = d["sl_target_percent"] / 100
        if d.get("shrinkage_percent") is not None:
            changes["shrinkage"] = {"total": d["shrinkage_percent"] / 100}
        if d.get("partner_percent") is not None:
            changes["partner_share"] = d["partner_percent"] / 100
        if d.get("opens") and d.get("closes"):
            hours = dict(plan.opening_hours)
            hours.update({str(day): [f"{d['opens']:%H:%M}", f"{d['closes']:%H:%M}"] for day in range(5)})
            changes["opening_hours"] = hours
        return changes

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if bool(data.get("opens")) != bool(data.get("closes")):
            raise forms.ValidationError(_("Give both the opening and the closing time."))
        if data.get("opens") and data.get("closes") and data["closes"] <= data["opens"]:
            raise forms.ValidationError(_("Closing time must be after opening time."))
        return data


class ShiftForm(forms.Form):
    team = forms.ModelChoiceField(label=_("Team"), queryset=None)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Weekdays"),
        choices=WEEKDAY_CHOICES,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        initial=[0, 1, 2, 3, 4],
    )
    start_time = forms.TimeField(label=_("Start"), widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("End"), widget=forms.TimeInput(attrs={"type": "time"}))
    heads = forms.IntegerField(label=_("Agents"), min_value=0, max_value=10000)
    queue = forms.ModelChoiceField(label=_("Queue"), queryset=None, required=False, empty_label=_("Every queue"))

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = workspace.teams.all()
        self.fields["queue"].queryset = workspace.queues.all()


class ShiftImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        # The column names are the file's own words, shown as code (Django's form templates render help as HTML).
        help_text=_(
            "Columns: <code>team</code>, <code>weekdays</code>, <code>start</code>, <code>end</code>, "
            "<code>heads</code> and optionally <code>queue</code>, <code>valid_from</code>, <code>valid_to</code>."
        ),
    )


class SettingsForm(forms.Form):
    short_abandon_seconds = forms.IntegerField(label=_("Short abandon threshold (s)"), min_value=0, max_value=600)

    def __init__(self, *args: Any, channels: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.channels = channels
        for channel, label in channels:
            self.fields[f"sl_{channel}_target"] = forms.FloatField(
                label=_("%(channel)s: target (%%)") % {"channel": label}, min_value=1, max_value=99.9
            )
            self.fields[f"sl_{channel}_seconds"] = forms.IntegerField(
                label=_("%(channel)s: answered within (s)") % {"channel": label}, min_value=0
            )

    def service_levels(self) -> dict[str, list[float]]:
        d = self.cleaned_data
        return {c: [d[f"sl_{c}_target"] / 100, d[f"sl_{c}_seconds"]] for c, _ in self.channels}
