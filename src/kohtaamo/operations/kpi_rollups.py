"""The operations KPIs' additive sums, kept beside the interactions they count.

``KpiRollup`` holds exactly the sums the KPI query adds up (``selectors.sums.SUMS``): per UTC quarter-hour
and channel (the "channel" slice: intervals and the heatmap of the whole workspace or a channel), per
local day and channel ("day": its days, weeks and months), and per local day, channel and one queue, team
or agent (the other slices; per quarter-hour there would be a row per agent almost as often as a
contact), so the KPI table and heatmap read thousands of rows instead of a year of interactions.

The database itself marks what changes: triggers on the interaction table write the UTC day of every
inserted, changed or deleted contact into ``KpiStaleDay`` (any write, by any path: imports, merges,
erasure, retention, an administrator's SQL). The next read first recounts the stale days
(``services.kpi_rollups``), so figures never trail the interactions they come from.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kohtaamo.workspaces.access import WorkspaceOwned
from kohtaamo.workspaces.models import Workspace

# "channel": per UTC quarter-hour and channel; "day": per local day and channel; the others per local day,
# channel and the dimension (column) they are named after.
DIMENSION_SLICES = {"queue": "queue_id", "team": "team_id", "agent": "agent_id"}
KPI_SLICES = ("channel", "day", *DIMENSION_SLICES)
# The interaction columns the KPIs read: a change to any other (a transcript, a sentiment) marks nothing.
KPI_COLUMNS = (
    "workspace_id", "started_at", "answered_at", "channel", "direction", "queue_id", "team_id", "agent_id",
    "case_id", "is_repeat", "abandoned", "wait_seconds", "handle_seconds", "wrap_seconds",
)  # fmt: skip


class KpiRollup(WorkspaceOwned):
    """KPI sums of one quarter-hour and channel, or of one local day, channel and queue, team or agent."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="kpi_rollups")
    slice = models.CharField(max_length=10)
    # UTC quarter-hours since 1970 (``db.time.quarter_hour``); for a day, its local midnight's.
    slot = models.BigIntegerField()
    channel = models.CharField(max_length=20)
    dimension = models.BigIntegerField(default=0)  # the queue, team or agent id; 0 for none
    offered = models.IntegerField(default=0)
    answered = models.IntegerField(default=0)
    abandons = models.IntegerField(default=0)
    short_abandoned = models.IntegerField(default=0)
    within_sl = models.IntegerField(default=0)
    wait_sum = models.FloatField(default=0)
    handle_sum = models.FloatField(default=0)
    handled = models.IntegerField(default=0)
    first_contacts = models.IntegerField(default=0)
    first_resolved = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "slice", "slot", "channel", "dimension"], name="kpi_rollup_key"
            )
        ]
        verbose_name = _("KPI roll-up")
        verbose_name_plural = _("KPI roll-ups")

    def __str__(self) -> str:
        return f"{self.slice} {self.slot} {self.channel} {self.dimension}"


class KpiStaleDay(models.Model):
    """A UTC day whose contacts changed since the roll-ups last counted it (written by triggers).

    ``generation`` grows with every change, so a recount deletes the mark only if no write came after
    the moment it read the day. The workspace is a plain id, not a foreign key: deleting a workspace
    deletes its contacts, whose triggers mark their days after Django has deleted the workspace's marks;
    a trigger on the workspace table removes those last (``kpi_triggers``).
    """

    workspace_id = models.BigIntegerField()
    day = models.IntegerField()  # UTC days since 1970
    generation = models.IntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace_id", "day"], name="kpi_stale_day")]
        verbose_name = _("stale KPI day")
        verbose_name_plural = _("stale KPI days")

    def __str__(self) -> str:
        return f"{self.workspace_id} day {self.day}"


class KpiRollupBasis(WorkspaceOwned):
    """The settings the roll-ups were counted with: when they change, every day is counted again."""

    workspace = models.OneToOneField(Workspace, on_delete=models.CASCADE, related_name="kpi_rollup_basis")
    basis = models.CharField(max_length=2000)

    class Meta:
        verbose_name = _("KPI roll-up basis")
        verbose_name_plural = _("KPI roll-up bases")

    def __str__(self) -> str:
        return self.basis
