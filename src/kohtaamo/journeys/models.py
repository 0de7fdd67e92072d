"""Journeys and the improvement loop: personas, touchpoints, journey maps, insights and actions."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kohtaamo.timeline.models import Channel
from kohtaamo.workspaces.access import WorkspaceOwned
from kohtaamo.workspaces.models import Workspace

from .targets import METRIC_CHOICES


class Persona(WorkspaceOwned):
    """A segment of customers defined by rules on their attributes and behaviour (see ``persona_rules.py``)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="personas")
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    # [{"field": "attributes.age_band", "op": "=", "value": "65+"}, ...]; every rule must hold.
    rules = models.JSONField(_("rules"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="persona_name_unique")]
        verbose_name = _("persona")
        verbose_name_plural = _("personas")

    def __str__(self) -> str:
        return self.name


class Touchpoint(WorkspaceOwned):
    """A place where customers meet the organisation, whether or not Kohtaamo receives data from it."""

    class Kind(models.TextChoices):
        DIGITAL = "digital", _("Digital")
        PHYSICAL = "physical", _("Physical")

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="touchpoints")
    name = models.CharField(_("name"), max_length=120)
    # Blank for touchpoints with no interaction data, such as invoices or advertising.
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, blank=True)
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.DIGITAL)
    # Interactions on the channel with one of these contact reasons belong here; empty: every reason.
    contact_reasons = models.JSONField(_("contact reasons"), default=list, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("owner"),
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="touchpoint_name_unique")]
        verbose_name = _("touchpoint")
        verbose_name_plural = _("touchpoints")

    def __str__(self) -> str:
        return self.name

    @property
    def has_data(self) -> bool:
        return bool(self.channel)


class JourneyMap(WorkspaceOwned):
    """Stages × touchpoints of one journey, for one persona, with the owner answerable for its CX."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="journey_maps")
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    persona = models.ForeignKey(
        Persona, null=True, blank=True, on_delete=models.SET_NULL, related_name="journeys", verbose_name=_("persona")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("owner"),
    )  # fmt: skip
    # The cases of these contact reasons are this journey's real paths; empty: every reason.
    contact_reasons = models.JSONField(_("contact reasons"), default=list, blank=True)
    # [{"metric": "repeat_rate", "target": 12.0}, ...]
    targets = models.JSONField(_("target metrics"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="journey_name_unique")]
        verbose_name = _("journey map")
        verbose_name_plural = _("journey maps")

    def __str__(self) -> str:
        return self.name


class Stage(WorkspaceOwned):
    workspace_path = "journey__workspace"
    journey = models.ForeignKey(JourneyMap, on_delete=models.CASCADE, related_name="stages")
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    touchpoints = models.ManyToManyField(Touchpoint, through="StageTouchpoint", related_name="stages")

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")

    def __str__(self) -> str:
        return self.name


class StageTouchpoint(WorkspaceOwned):
    """One cell of the journey map: this touchpoint is used in this stage."""

    workspace_path = "stage__journey__workspace"

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="cells")
    touchpoint = models.ForeignKey(Touchpoint, on_delete=models.CASCADE, related_name="cells")
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["stage", "touchpoint"], name="stage_touchpoint_unique")]

    def __str__(self) -> str:
        return f"{self.stage} × {self.touchpoint}"


class Insight(WorkspaceOwned):
    """A finding with its evidence: the saved view and filter that shows it."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="insights")
    title = models.CharField(_("title"), max_length=200)
    finding = models.TextField(_("finding"), blank=True)
    # {"view": "pain", "dimension": "reason", "key": "laskutus", "days": 90}
    evidence = models.JSONField(_("evidence"), default=dict, blank=True)
    journeys = models.ManyToManyField(JourneyMap, blank=True, related_name="insights", verbose_name=_("journeys"))
    touchpoints = models.ManyToManyField(Touchpoint, blank=True, related_name="insights", verbose_name=_("touchpoints"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("insight")
        verbose_name_plural = _("insights")

    def __str__(self) -> str:
        return self.title


class Action(WorkspaceOwned):
    """An improvement with a hypothesis, a measurable target and, once done, its measured outcome."""

    class Status(models.TextChoices):
        IDEA = "idea", _("Idea")
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        EVALUATED = "evaluated", _("Evaluated")

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("title"), max_length=200)
    hypothesis = models.TextField(_("hypothesis"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("owner"),
    )  # fmt: skip
    insight = models.ForeignKey(
        Insight, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions", verbose_name=_("insight")
    )
    journey = models.ForeignKey(
        JourneyMap, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions",
        verbose_name=_("journey"),
    )  # fmt: skip
    metric = models.CharField(_("target metric"), max_length=40, choices=METRIC_CHOICES)
    # {"channel": "phone", "contact_reason": "laskutus", "persona": 3}; any of them may be missing.
    metric_filter = models.JSONField(_("metric filter"), default=dict, blank=True)
    baseline = models.FloatField(_("baseline"), null=True, blank=True)
    baseline_n = models.PositiveIntegerField(_("baseline n"), default=0)
    target_value = models.FloatField(_("target value"), null=True, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    impact = models.PositiveSmallIntegerField(
        _("impact"), default=3, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    confidence = models.PositiveSmallIntegerField(
        _("confidence"), default=3, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    effort = models.PositiveSmallIntegerField(
        _("effort"), default=3, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.IDEA)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    # The stored verdict once evaluated (see services.action_evaluate).
    evaluation = models.JSONField(_("evaluation"), default=dict, blank=True)
    evaluated_at = models.DateTimeField(_("evaluated"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.title

    @property
    def priority(self) -> float:
        """Impact × confidence ÷ effort (each 1–5), the ICE-style score actions are ordered by."""
        return round(self.impact * self.confidence / self.effort, 2)
