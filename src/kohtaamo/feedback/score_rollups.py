"""The dashboard's daily counts of scored answers: one row per day, scale, score and contact facts."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kohtaamo.workspaces.access import WorkspaceOwned
from kohtaamo.workspaces.models import Workspace

# The dimensions a roll-up row is counted by, besides its workspace, scale, day and score: exactly the
# columns the dashboard and the metrics API filter and group answers by (``feedback.filters``).
ROLLUP_DIMENSIONS = ("channel", "queue_id", "team_id", "agent_id", "contact_reason", "language")
ROLLUP_KEY = ("slice", "scale", "answered_on", "value", *ROLLUP_DIMENSIONS)
# Besides the full rows (slice ""), the same answers counted by fewer facts: "total" by none, and one slice
# per filter name by that fact alone. A view that filters or groups by at most one fact reads its slice:
# a few rows per day instead of one per combination of agent, queue, channel, reason and language.
ROLLUP_SLICES = {
    "total": None,
    "channel": "channel",
    "queue": "queue_id",
    "team": "team_id",
    "agent": "agent_id",
    "contact_reason": "contact_reason",
    "language": "language",
}

# Each slice is counted per day and again per calendar month (slice name + MONTHLY, ``answered_on`` the
# month's first day): a year's view grouped by agent sums twelve months of rows and the days at its ends
# instead of 365 days of them.
MONTHLY = "/month"


class ScoreRollup(WorkspaceOwned):
    """How many scored answers one day has per scale, score and contact facts: the dashboard's counts.

    NPS, CSAT and CES are functions of the counts per scale point, so the dashboard adds these rows up
    instead of counting a million answers; the figures are the same to the last answer
    (``feedback.services.rollups`` keeps them in step in the transaction of every answer write, and
    ``kohtaamo rollups rebuild`` recomputes them). Queue, team and agent are plain ids with 0 for "none":
    a unique key must treat "none" as one value, which NULL is not on SQLite or older PostgreSQL.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="score_rollups")
    # "" for the full rows, else the name in ROLLUP_SLICES (the other facts are then blank or 0); either
    # with MONTHLY after it for the month's counts.
    slice = models.CharField(max_length=20, blank=True)
    scale = models.CharField(max_length=20)
    # The answers' day in the workspace's time zone (Answer.answered_on), with its week and month; the
    # month's first day in a MONTHLY row.
    answered_on = models.DateField()
    answered_week = models.DateField()
    answered_month = models.DateField()
    value = models.SmallIntegerField()
    channel = models.CharField(max_length=20, blank=True)
    queue_id = models.BigIntegerField(default=0)
    team_id = models.BigIntegerField(default=0)
    agent_id = models.BigIntegerField(default=0)
    contact_reason = models.CharField(max_length=200, blank=True)
    language = models.CharField(max_length=8, blank=True)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            # The upsert's conflict target; it leads with workspace, slice, scale and day, the reads' range.
            models.UniqueConstraint(fields=["workspace", *ROLLUP_KEY], name="score_rollup_key")
        ]
        verbose_name = _("score roll-up")
        verbose_name_plural = _("score roll-ups")

    def __str__(self) -> str:
        return f"{self.answered_on} {self.scale}={self.value}: {self.count}"
