"""Operations and capacity: KPI settings, forecasts, event adjustments, staffing plans and their scenarios."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kohtaamo.workspaces.access import WorkspaceOwned
from kohtaamo.workspaces.models import Queue, Team, Workspace

from .kpi_rollups import KpiRollup, KpiRollupBasis, KpiStaleDay  # noqa: F401

# Service-level goal per channel: (share answered, within seconds). Voice is the classic 80/20; written
# channels are answered in minutes or hours, so their thresholds are longer.
DEFAULT_SERVICE_LEVELS = {
    "phone": [0.8, 20],
    "chat": [0.8, 60],
    "in_person": [0.8, 300],
    "whatsapp": [0.8, 3600],
    "sms": [0.8, 3600],
    "social": [0.8, 3600],
    "email": [0.9, 86400],
}


def default_service_levels() -> dict:
    return {k: list(v) for k, v in DEFAULT_SERVICE_LEVELS.items()}


def default_opening_hours() -> dict:
    """Monday to Friday 8–18, Saturday 10–16, Sunday closed (local time; keys are ISO weekday - 1)."""
    hours = {str(d): ["08:00", "18:00"] for d in range(5)}
    hours["5"] = ["10:00", "16:00"]
    return hours


class OperationsSettings(WorkspaceOwned):
    """How this workspace measures its KPIs."""

    workspace = models.OneToOneField(Workspace, on_delete=models.CASCADE, related_name="operations_settings")
    short_abandon_seconds = models.PositiveIntegerField(
        _("short abandon threshold (s)"),
        default=5,
        help_text=_("Callers who hang up sooner are left out of the abandonment rate and service level."),
    )
    service_levels = models.JSONField(_("service level goals"), default=default_service_levels)

    class Meta:
        verbose_name = _("operations settings")
        verbose_name_plural = _("operations settings")

    def __str__(self) -> str:
        return str(self.workspace)

    def service_level(self, channel: str) -> tuple[float, float]:
        target, seconds = self.service_levels.get(channel) or DEFAULT_SERVICE_LEVELS.get(channel, [0.8, 20])
        return float(target), float(seconds)


class EventAdjustment(WorkspaceOwned):
    """A known deviation in volume on some days: a campaign (+20 %), a storm (+30 %), a closure (-100 %)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="operations_events")
    name = models.CharField(_("name"), max_length=200)
    queue = models.ForeignKey(
        Queue,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        verbose_name=_("queue"),
        help_text=_("Leave empty for every queue."),
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    percent = models.FloatField(_("change (%)"), help_text=_("+30 for thirty per cent more contacts."))

    class Meta:
        ordering = ["start_date", "pk"]
        verbose_name = _("event adjustment")
        verbose_name_plural = _("event adjustments")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The last day cannot be before the first day.")})
        if self.percent is not None and self.percent <= -100:
            raise ValidationError({"percent": _("The change must be above -100 %.")})


class Forecast(WorkspaceOwned):
    """Forecast volume and AHT of one queue on one channel, per interval, with its backtest.

    The series are stored as arrays: interval starts follow from (start_date, days, interval_minutes)
    in the workspace's time zone (``kohtaamo.lib.intervals.grain_starts``), so a year of 15-minute
    intervals is one row, written and read in milliseconds.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="forecasts")
    queue = models.ForeignKey(Queue, on_delete=models.CASCADE, verbose_name=_("queue"))
    channel = models.CharField(_("channel"), max_length=20)
    interval_minutes = models.PositiveSmallIntegerField(_("interval (min)"))
    start_date = models.DateField(_("first day"))
    days = models.PositiveIntegerField(_("days"))
    volume = models.JSONField(default=list)
    aht_seconds = models.JSONField(default=list)
    method = models.CharField(_("method"), max_length=200)
    history_days = models.PositiveIntegerField(_("days of history"))
    backtest = models.JSONField(_("backtest"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["queue__name", "channel", "-created_at"]
        indexes = [models.Index(fields=["workspace", "queue", "channel", "-created_at"])]
        verbose_name = _("forecast")
        verbose_name_plural = _("forecasts")

    def __str__(self) -> str:
        return f"{self.queue} · {self.channel} · {self.start_date}"

    @property
    def total_volume(self) -> float:
        return float(sum(self.volume))


class Plan(WorkspaceOwned):
    """A staffing plan for a period; a scenario is a plan copied from a base plan with changed assumptions."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="staffing_plans")
    name = models.CharField(_("name"), max_length=200)
    base = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="scenarios",
        verbose_name=_("copied from"),
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    interval_minutes = models.PositiveSmallIntegerField(_("interval (min)"), default=30)
    sl_target = models.FloatField(_("service level target"), default=0.8)
    sl_seconds = models.FloatField(_("answered within (s)"), default=20)
    max_occupancy = models.FloatField(_("maximum occupancy"), default=0.85)
    patience_seconds = models.FloatField(
        _("customer patience (s)"),
        null=True,
        blank=True,
        help_text=_("Mean time callers wait before hanging up; enables Erlang A. Empty: Erlang C."),
    )
    chat_concurrency = models.PositiveSmallIntegerField(_("chats per agent"), default=2)
    email_deadline_days = models.FloatField(_("email answered within (business days)"), default=1)
    shrinkage = models.JSONField(_("shrinkage by category"), default=dict, blank=True)
    opening_hours = models.JSONField(_("opening hours"), default=default_opening_hours)
    volume_factor = models.FloatField(_("volume factor"), default=1.0)
    volume_from = models.DateField(_("volume change from"), null=True, blank=True)
    volume_to = models.DateField(_("volume change to"), null=True, blank=True)
    aht_factor = models.FloatField(_("AHT factor"), default=1.0)
    partner_share = models.FloatField(
        _("partner share"), default=0.0, help_text=_("Share of contacts handled by the outsourcing partner.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start_date", "name"]
        verbose_name = _("staffing plan")
        verbose_name_plural = _("staffing plans")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = _("The last day cannot be before the first day.")
        if self.interval_minutes not in (15, 30, 60):
            errors["interval_minutes"] = _("The interval must be 15, 30 or 60 minutes.")
        if not 0 < self.sl_target < 1:
            errors["sl_target"] = _("The service level target must be between 0 and 1.")
        if not 0 < self.max_occupancy <= 1:
            errors["max_occupancy"] = _("The maximum occupancy must be above 0 and at most 1.")
        if not 0 <= self.partner_share <= 1:
            errors["partner_share"] = _("The partner share must be between 0 and 1.")
        if self.volume_factor < 0 or self.aht_factor <= 0:
            errors["volume_factor"] = _("Factors must be positive.")
        if self.email_deadline_days <= 0:
            errors["email_deadline_days"] = _("The email deadline must be positive.")
        total = sum(v for v in (self.shrinkage or {}).values() if isinstance(v, int | float))
        if not 0 <= total < 1 or any(not isinstance(v, int | float) or v < 0 for v in (self.shrinkage or {}).values()):
            errors["shrinkage"] = _("Shrinkage categories must be fractions adding up to less than 1.")
        if errors:
            raise ValidationError(errors)


class ShiftPattern(WorkspaceOwned):
    """Planned heads of one team on some weekdays between two local times (optionally only some dates)."""

    workspace_path = "plan__workspace"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="shifts")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, verbose_name=_("team"))
    queue = models.ForeignKey(
        Queue,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        verbose_name=_("queue"),
        help_text=_("Leave empty when the shift serves every queue."),
    )
    weekdays = models.JSONField(_("weekdays"), default=list, help_text=_("0 = Monday … 6 = Sunday."))
    start_time = models.TimeField(_("start"))
    end_time = models.TimeField(_("end"))
    heads = models.PositiveIntegerField(_("agents"))
    valid_from = models.DateField(_("from"), null=True, blank=True)
    valid_to = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        ordering = ["team__name", "start_time", "pk"]
        verbose_name = _("shift pattern")
        verbose_name_plural = _("shift patterns")

    def __str__(self) -> str:
        return f"{self.team} {self.start_time:%H:%M}–{self.end_time:%H:%M} × {self.heads}"

    def clean(self) -> None:
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("The shift must end after it starts.")})
        if not self.weekdays or any(not isinstance(d, int) or not 0 <= d <= 6 for d in self.weekdays):
            raise ValidationError({"weekdays": _("Choose at least one weekday (0 = Monday … 6 = Sunday).")})
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The last day cannot be before the first day.")})
