"""Quality monitoring: scorecards, evaluations, calibration, disputes and coaching.

Scores are computed by ``kohtaamo.lib.qa.scoring`` on the server and *stored* with each
evaluation (total, sections, and one row per question), so reports aggregate in SQL and a
later change to a form never silently rewrites old scores: each evaluation keeps the
scorecard version it was scored with.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kohtaamo.timeline.models import Interaction
from kohtaamo.workspaces.access import WorkspaceOwned
from kohtaamo.workspaces.models import Agent, Queue, Team, Workspace


class Scorecard(WorkspaceOwned):
    """An evaluation form; its questions live in versions so old evaluations keep their form."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="scorecards")
    key = models.CharField(_("key"), max_length=64)
    name = models.CharField(_("name"), max_length=200)
    # The form's title per language ({"fi": …, "sv": …, "en": …}), copied from the current version so a
    # list of scorecards names each in the page's language without reading every version's form.
    titles = models.JSONField(_("titles"), default=dict, blank=True)
    archived = models.BooleanField(_("archived"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["workspace", "key"], name="scorecard_key_unique")]
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The title in the page's language where the form gives one, else the stored (English) name."""
        language = (get_language() or "en").split("-")[0]
        title = (self.titles or {}).get(language) if isinstance(self.titles, dict) else None
        return title if isinstance(title, str) and title.strip() else self.name

    @property
    def current(self) -> "ScorecardVersion":
        return self.versions.order_by("-number").first()


class ScorecardVersion(WorkspaceOwned):
    """One frozen revision of a form (validated JSON, canonical form of docs/scorecard-format.md)."""

    workspace_path = "scorecard__workspace"

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    form = models.JSONField(_("form"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["scorecard", "number"]
        constraints = [models.UniqueConstraint(fields=["scorecard", "number"], name="scorecard_version_unique")]
        verbose_name = _("scorecard version")
        verbose_name_plural = _("scorecard versions")

    def __str__(self) -> str:
        return f"{self.scorecard} v{self.number}"


class Period(models.TextChoices):
    MONTH = "month", _("Calendar month")
    WEEK = "week", _("Week")


class QualityPlan(WorkspaceOwned):
    """How much is evaluated, of what, and by whom: one plan per workspace."""

    workspace = models.OneToOneField(Workspace, on_delete=models.CASCADE, related_name="quality_plan")
    scorecard = models.ForeignKey(Scorecard, null=True, blank=True, on_delete=models.SET_NULL)
    per_agent = models.PositiveSmallIntegerField(_("evaluations per agent per period"), default=4)
    period = models.CharField(_("period"), max_length=10, choices=Period.choices, default=Period.MONTH)
    # Empty lists mean "every channel" / "every queue".
    channels = models.JSONField(_("channels"), default=list, blank=True)
    queues = models.ManyToManyField(Queue, blank=True, verbose_name=_("queues"))
    min_handle_seconds = models.PositiveIntegerField(_("minimum handle time (s)"), default=60)
    # Extra sampling weight (1 = none) for interactions a customer rated badly or someone flagged.
    low_csat_weight = models.FloatField(_("extra weight on low CSAT"), default=1.0)
    flagged_weight = models.FloatField(_("extra weight on flagged interactions"), default=1.0)
    # Send evaluators first to the conversations the automatic QA scored lowest (reason "low_aqs").
    prefer_low_aqs = models.BooleanField(_("prefer low automatic scores (AQS)"), default=False)

    class Meta:
        verbose_name = _("quality plan")
        verbose_name_plural = _("quality plans")

    def __str__(self) -> str:
        return f"{self.workspace}: {self.per_agent}/{self.period}"


class EvaluatorAssignment(WorkspaceOwned):
    """Who evaluates whom: an evaluator covers the agents of one team."""

    workspace_path = "plan__workspace"

    plan = models.ForeignKey(QualityPlan, on_delete=models.CASCADE, related_name="assignments")
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    team = models.ForeignKey(Team, on_delete=models.CASCADE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "team"], name="assignment_team_unique")]
        verbose_name = _("evaluator assignment")
        verbose_name_plural = _("evaluator assignments")

    def __str__(self) -> str:
        return f"{self.evaluator} → {self.team}"


class CalibrationSession(WorkspaceOwned):
    """Several evaluators score the same interactions blind, optionally against a reference evaluator."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="calibration_sessions")
    name = models.CharField(_("name"), max_length=200)
    version = models.ForeignKey(ScorecardVersion, on_delete=models.RESTRICT, verbose_name=_("scorecard"))
    interactions = models.ManyToManyField(Interaction, verbose_name=_("interactions"))
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="calibration_sessions", verbose_name=_("participants")
    )
    # The gold evaluator's answers are the reference; without one, the consensus is.
    reference = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("reference evaluator"),
    )  # fmt: skip
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calibration session")
        verbose_name_plural = _("calibration sessions")

    def __str__(self) -> str:
        return self.name


class Evaluation(WorkspaceOwned):
    """One evaluator's scoring of one interaction on one scorecard version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        DISPUTED = "disputed", _("Disputed")

    class Kind(models.TextChoices):
        OFFICIAL = "official", _("Official")
        SELF = "self", _("Self-evaluation")
        CALIBRATION = "calibration", _("Calibration")

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="evaluations")
    interaction = models.ForeignKey(Interaction, on_delete=models.CASCADE, related_name="evaluations")
    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, related_name="evaluations")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="evaluations_made"
    )
    version = models.ForeignKey(ScorecardVersion, on_delete=models.RESTRICT, related_name="evaluations")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.OFFICIAL)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    calibration = models.ForeignKey(
        CalibrationSession, null=True, blank=True, on_delete=models.CASCADE, related_name="evaluations"
    )
    # Why this interaction was picked ("random", "low CSAT", "flagged", "manual"), so reports can
    # tell a random sample from a deliberately bad one.
    sampled_reason = models.CharField(_("sampled because"), max_length=40, default="manual")
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    comments = models.JSONField(_("comments per question"), default=dict, blank=True)
    overall_comment = models.TextField(_("overall comment"), blank=True)
    total = models.FloatField(_("score"), null=True, blank=True)
    section_scores = models.JSONField(_("section scores"), default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    # Copied from the interaction so reports over 100,000 evaluations need no join.
    interaction_at = models.DateTimeField()
    # The first day of the interaction's month in the workspace's time zone: monthly reports group on it.
    month = models.DateField()
    channel = models.CharField(max_length=20)
    queue = models.ForeignKey(Queue, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["workspace", "kind", "status", "interaction_at"]),
            models.Index(fields=["workspace", "evaluator", "status"]),
            models.Index(fields=["agent", "interaction_at"]),
            models.Index(fields=["workspace", "month"]),
        ]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self) -> str:
        return f"#{self.pk} {self.agent} ({self.kind}, {self.status})"

    @property
    def is_final(self) -> bool:
        return self.status != self.Status.DRAFT


class QuestionScore(WorkspaceOwned):
    """One question of one submitted evaluation, for pass rates and the QA-to-CX analysis in SQL."""

    workspace_path = "evaluation__workspace"

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="question_scores")
    question_id = models.CharField(max_length=64)
    section_id = models.CharField(max_length=64)
    score = models.FloatField(null=True)  # None = N/A
    passed = models.BooleanField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["evaluation", "question_id"], name="question_score_unique")]
        indexes = [models.Index(fields=["question_id"])]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.score}"


class DisputeCategory(WorkspaceOwned):
    """What a dispute is about ("scored the wrong call", "a rule was misread"), and who arbitrates it.

    As in Playvox: the QA lead names the categories, and each may have an arbitrator, a person other
    than the evaluator who decides the disputes of that kind. Without one the evaluator or a lead decides.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="dispute_categories")
    name = models.CharField(_("name"), max_length=100)
    arbitrator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("arbitrator"),
    )  # fmt: skip
    archived = models.BooleanField(_("archived"), default=False)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="dispute_category_unique")]
        verbose_name = _("dispute category")
        verbose_name_plural = _("dispute categories")

    def __str__(self) -> str:
        return self.name


class Dispute(WorkspaceOwned):
    """An agent's objection to an evaluation and how it was settled; earlier ones stay as history."""

    workspace_path = "evaluation__workspace"

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        PARTIAL = "partial", _("Partially accepted")
        REJECTED = "rejected", _("Rejected")

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="disputes")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(_("reason"))
    questions = models.JSONField(_("disputed questions"), default=list, blank=True)
    category = models.ForeignKey(
        DisputeCategory, null=True, blank=True, on_delete=models.SET_NULL, related_name="disputes",
        verbose_name=_("category"),
    )  # fmt: skip
    # Copied from the category when the dispute is opened: who decides stays as it was then.
    arbitrator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("arbitrator"),
    )  # fmt: skip
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    score_before = models.FloatField(null=True, blank=True)
    score_after = models.FloatField(null=True, blank=True)
    answers_before = models.JSONField(default=dict, blank=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["opened_at"]
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")

    def __str__(self) -> str:
        return f"dispute #{self.pk} on evaluation #{self.evaluation_id}"


class CoachingSession(WorkspaceOwned):
    """A coach and an agent agree on what to improve, linked to the evaluations and questions behind it."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="coaching_sessions")
    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, related_name="coaching_sessions")
    coach = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    held_at = models.DateTimeField(_("held"))
    goal = models.TextField(_("goal"))
    notes = models.TextField(_("notes"), blank=True)
    actions = models.TextField(_("agreed actions"), blank=True)
    follow_up_on = models.DateField(_("follow-up date"), null=True, blank=True)
    evaluations = models.ManyToManyField(Evaluation, blank=True, verbose_name=_("evaluations"))
    question_ids = models.JSONField(_("coached questions"), default=list, blank=True)

    class Meta:
        ordering = ["-held_at"]
        verbose_name = _("coaching session")
        verbose_name_plural = _("coaching sessions")

    def __str__(self) -> str:
        return f"{self.agent}: {self.goal[:40]}"


class AutoReview(WorkspaceOwned):
    """The automatic QA of one interaction's transcript, kept apart from human evaluations (AQS, never IQS).

    Made for every interaction with a transcript; ``applicable`` is false (and there are no answers)
    when it lacks an agent or a customer turn. ``content_hash`` is the interaction's when it was checked:
    a changed transcript is checked again.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+", db_index=False)
    interaction = models.OneToOneField(Interaction, on_delete=models.CASCADE, related_name="auto_review")
    content_hash = models.CharField(max_length=32)
    applicable = models.BooleanField(default=True)
    language = models.CharField(max_length=8, blank=True)
    # The share (0–100) of the applicable automatic checks passed, an evaluator's override counting.
    aqs = models.FloatField(_("automatic quality score"), null=True)
    agent_max_response_seconds = models.FloatField(null=True)
    longest_silence_seconds = models.FloatField(null=True)
    sentiment_start = models.FloatField(null=True)
    sentiment_end = models.FloatField(null=True)
    escalation_words = models.JSONField(default=list, blank=True)  # the customer's churn words (spotlight)
    escalation_turn = models.PositiveIntegerField(null=True)
    # Copied from the interaction so reports and the spotlight need no join.
    interaction_at = models.DateTimeField()
    agent = models.ForeignKey(Agent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    checked_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["workspace", "interaction_at"]),
            models.Index(fields=["agent", "interaction_at"]),
        ]

    def __str__(self) -> str:
        return f"automatic QA of {self.interaction_id}: {self.aqs}"


class AutoAnswer(WorkspaceOwned):
    """One automatic check's answer with its evidence; an evaluator's override sits beside the original."""

    workspace_path = "review__workspace"

    review = models.ForeignKey(AutoReview, on_delete=models.CASCADE, related_name="answers")
    check_name = models.CharField(max_length=32)
    passed = models.BooleanField()  # the automatic answer: an override never changes it
    evidence_turn = models.PositiveIntegerField(null=True)
    matched = models.JSONField(default=list, blank=True)  # the words that decided it
    override = models.BooleanField(_("evaluator's answer"), null=True, blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    overridden_at = models.DateTimeField(null=True, blank=True)
    override_note = models.TextField(_("why"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "check_name"], name="auto_answer_unique")]

    def __str__(self) -> str:
        return f"{self.check_name}: {self.answer}"

    @property
    def answer(self) -> bool:
        """What counts: the evaluator's override when there is one, else the automatic answer."""
        return self.passed if self.override is None else self.override
