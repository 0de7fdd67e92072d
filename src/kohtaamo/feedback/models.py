"""Surveys, their triggers and invitations, responses stored one row per answer, and detractor follow-ups."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kohtaamo.timeline.models import Case, Customer, Interaction
from kohtaamo.workspaces.access import WorkspaceOwned
from kohtaamo.workspaces.models import Agent, Queue, Team, Workspace

from .scales import scale_label

# The dashboard's daily counts live in their own module; named here so the app has one place for its models.
from .score_rollups import MONTHLY, ROLLUP_DIMENSIONS, ROLLUP_KEY, ROLLUP_SLICES, ScoreRollup  # noqa: F401


class QuestionType(models.TextChoices):
    NPS = "nps", _("NPS (0–10)")
    CSAT = "csat", _("CSAT (1–5)")
    CES = "ces", _("CES (1–7)")
    SINGLE_CHOICE = "single_choice", _("Single choice")
    TEXT = "text", _("Free text")


# The scale each scored question type is asked on (keys of kohtaamo.lib.cxmetrics.SCALES). Imported
# answers may also carry the legacy "ces_1_5" effort scale, which is stored but never pooled with CES 1–7.
DEFAULT_SCALE = {QuestionType.NPS: "nps_0_10", QuestionType.CSAT: "csat_1_5", QuestionType.CES: "ces_1_7"}
SCALE_TYPE = {"nps_0_10": "nps", "csat_1_5": "csat", "ces_1_7": "ces", "ces_1_5": "ces"}


class Survey(WorkspaceOwned):
    """A questionnaire of one workspace; its texts are given in Finnish, Swedish and English."""

    class Kind(models.TextChoices):
        TRANSACTIONAL = "transactional", _("After a contact")
        RELATIONSHIP = "relationship", _("Relationship")

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="surveys")
    key = models.SlugField(_("key"), max_length=100)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TRANSACTIONAL)
    # {"fi": "...", "sv": "...", "en": "..."}: shown above the questions and on the thanks page.
    intro = models.JSONField(_("introduction"), default=dict, blank=True)
    thanks = models.JSONField(_("thanks text"), default=dict, blank=True)
    active = models.BooleanField(_("active"), default=True)
    # Closed loop: an answer at or below these opens a follow-up for the agent's team lead.
    detractor_nps_max = models.PositiveSmallIntegerField(_("NPS detractor at most"), default=6)
    detractor_csat_max = models.PositiveSmallIntegerField(_("CSAT detractor at most"), default=2)
    follow_up_days = models.PositiveSmallIntegerField(_("follow-up due in (days)"), default=2)
    invitation_valid_days = models.PositiveSmallIntegerField(_("invitation valid for (days)"), default=14)
    # One reminder this many days after an unanswered invitation went out (0: never); counted in fatigue.
    reminder_days = models.PositiveSmallIntegerField(_("reminder after (days)"), default=2)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["workspace", "key"], name="survey_key_unique")]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return self.name


class Question(WorkspaceOwned):
    workspace_path = "survey__workspace"
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    key = models.SlugField(_("key"), max_length=100)
    type = models.CharField(_("type"), max_length=20, choices=QuestionType.choices)
    scale = models.CharField(_("scale"), max_length=20, blank=True)
    text = models.JSONField(_("question text"), default=dict)
    # Single choice: [{"key": "yes", "text": {"fi": "Kyllä", "sv": "Ja", "en": "Yes"}}, ...]
    choices = models.JSONField(_("choices"), default=list, blank=True)
    required = models.BooleanField(_("required"), default=False)

    class Meta:
        ordering = ["survey", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["survey", "key"], name="question_key_unique")]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.key}"

    @property
    def is_scored(self) -> bool:
        return self.type in DEFAULT_SCALE


class SendBy(models.TextChoices):
    """How an invitation reaches the customer (not the channel of the contact it asks about)."""

    AUTO = "", _("The customer's preference")
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")


class TriggerRule(WorkspaceOwned):
    """Which finished interactions get an invitation to which survey, how often and when."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="survey_triggers")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="triggers")
    name = models.CharField(_("name"), max_length=200)
    # Empty lists match anything.
    channels = models.JSONField(_("channels"), default=list, blank=True)
    queues = models.ManyToManyField(Queue, blank=True, verbose_name=_("queues"))
    outcomes = models.JSONField(_("outcomes"), default=list, blank=True)
    contact_reasons = models.JSONField(_("contact reasons"), default=list, blank=True)
    sampling_rate = models.FloatField(
        _("sampling rate"), default=1.0, validators=[MinValueValidator(0.0), MaxValueValidator(1.0)]
    )
    delay_minutes = models.PositiveIntegerField(_("delay (minutes)"), default=60)
    fatigue_days = models.PositiveSmallIntegerField(_("at most one invitation per customer per (days)"), default=30)
    delivery = models.CharField(_("send by"), max_length=10, choices=SendBy.choices, blank=True, default="")
    active = models.BooleanField(_("active"), default=True)
    # Interactions started before this were already considered; the next run starts here.
    checked_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("trigger rule")
        verbose_name_plural = _("trigger rules")

    def __str__(self) -> str:
        return self.name


class Invitation(WorkspaceOwned):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        STARTED = "started", _("Partly answered")
        COMPLETED = "completed", _("Answered")
        FAILED = "failed", _("Could not be sent")

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="invitations")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    trigger = models.ForeignKey(
        TriggerRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations"
    )
    token = models.CharField(max_length=64, unique=True)
    interaction = models.ForeignKey(Interaction, null=True, blank=True, on_delete=models.SET_NULL)
    customer = models.ForeignKey(Customer, null=True, blank=True, on_delete=models.SET_NULL)
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.SET_NULL)
    agent = models.ForeignKey(Agent, null=True, blank=True, on_delete=models.SET_NULL)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL)
    queue = models.ForeignKey(Queue, null=True, blank=True, on_delete=models.SET_NULL)
    channel = models.CharField(_("channel"), max_length=20, blank=True)
    language = models.CharField(_("language"), max_length=8, default="fi")
    email = models.EmailField(_("email"), blank=True)
    # How it is sent (email or sms) and, for an SMS, the E.164 number it went to (a reply comes from it).
    delivery = models.CharField(_("sent by"), max_length=10, default=SendBy.EMAIL)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    send_after = models.DateTimeField(_("send after"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"))
    error = models.CharField(_("error"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["workspace", "customer", "created_at"]),
            models.Index(fields=["workspace", "status", "send_after"]),
            models.Index(fields=["workspace", "phone", "sent_at"], name="invitation_phone"),
        ]
        constraints = [
            # One invitation per interaction and survey, so a re-run of the generator adds nothing.
            models.UniqueConstraint(fields=["survey", "interaction"], name="invitation_once_per_interaction")
        ]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.pk}"


class Response(WorkspaceOwned):
    """One respondent's answers to one survey, or one imported respondent from another tool."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="survey_responses")
    survey = models.ForeignKey(Survey, null=True, blank=True, on_delete=models.SET_NULL, related_name="responses")
    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="response"
    )
    # "survey" for Kohtaamo's own page; an imported response keeps its source system.
    source = models.CharField(_("source"), max_length=100, default="survey")
    external_id = models.CharField(_("external id"), max_length=200, null=True, blank=True)
    interaction = models.ForeignKey(Interaction, null=True, blank=True, on_delete=models.SET_NULL)
    customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.SET_NULL, related_name="survey_responses"
    )
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.SET_NULL)
    agent = models.ForeignKey(Agent, null=True, blank=True, on_delete=models.SET_NULL)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL)
    queue = models.ForeignKey(Queue, null=True, blank=True, on_delete=models.SET_NULL)
    channel = models.CharField(_("channel"), max_length=20, blank=True)
    contact_reason = models.CharField(_("contact reason"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    completed = models.BooleanField(_("completed"), default=False)
    answered_at = models.DateTimeField(_("answered"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "source", "external_id"],
                condition=models.Q(external_id__isnull=False),
                name="response_unique_per_source",
            )
        ]
        indexes = [models.Index(fields=["workspace", "answered_at"]), models.Index(fields=["customer", "answered_at"])]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")

    def __str__(self) -> str:
        return f"{self.source}:{self.external_id or self.pk}"


class Answer(WorkspaceOwned):
    """One answer to one question, with the question's type and scale stored on the row.

    Storing the scale with every answer is what lets imported answers from other tools share this table,
    and what stops the legacy 1–5 effort scale from being pooled with CES 1–7. The interaction facts
    (channel, agent, team, queue, reason, language, day) are copied from the response so the dashboard's
    grouped counts read one table through one covering index instead of joining a million interactions.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="survey_answers")
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.SET_NULL)
    question_key = models.CharField(_("question"), max_length=100)
    question_type = models.CharField(_("question type"), max_length=20, choices=QuestionType.choices)
    scale = models.CharField(_("scale"), max_length=20, blank=True)
    value = models.SmallIntegerField(_("score"), null=True, blank=True)
    choice = models.CharField(_("choice"), max_length=100, blank=True)
    # The free-text answer, or the comment that came with an imported score.
    text = models.TextField(_("text"), blank=True)
    # The kinds of personal data masked in that text before it was stored ("email", "phone", …).
    redacted_kinds = models.JSONField(_("personal data masked"), default=list, blank=True)
    # Imported answers: the source system and its id for the answer, which make re-imports idempotent.
    source = models.CharField(_("source"), max_length=100, blank=True)
    external_id = models.CharField(_("external id"), max_length=200, null=True, blank=True)
    content_hash = models.CharField(max_length=32, blank=True)
    # Copied from the response (see the class docstring).
    interaction = models.ForeignKey(Interaction, null=True, blank=True, on_delete=models.SET_NULL)
    customer = models.ForeignKey(Customer, null=True, blank=True, on_delete=models.SET_NULL)
    agent = models.ForeignKey(Agent, null=True, blank=True, on_delete=models.SET_NULL)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL)
    queue = models.ForeignKey(Queue, null=True, blank=True, on_delete=models.SET_NULL)
    channel = models.CharField(_("channel"), max_length=20, blank=True)
    contact_reason = models.CharField(_("contact reason"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    answered_at = models.DateTimeField(_("answered"))
    # The day, its week's Monday and its month's first day in the workspace's time zone: trends group on
    # plain indexed columns instead of truncating a million dates per request.
    answered_on = models.DateField(_("answered on"))
    answered_week = models.DateField(_("week"))
    answered_month = models.DateField(_("month"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "response", "question_key"], name="answer_once_per_question"),
            models.UniqueConstraint(
                fields=["workspace", "source", "external_id"],
                condition=models.Q(external_id__isnull=False),
                name="answer_unique_per_source",
            ),
        ]
        indexes = [
            # Covering indexes for the dashboard: filter by scale and period, read the value and a group key.
            # One covering index serves every grouped count of the dashboard: the period is a range on
            # answered_on, and every group column is in the index, so the table itself is never read.
            models.Index(
                fields=[
                    "workspace",
                    "scale",
                    "answered_on",
                    "value",
                    "answered_week",
                    "answered_month",
                    "channel",
                    "team",
                    "agent",
                    "queue",
                    "contact_reason",
                    "language",
                ],
                name="answer_dashboard",
            ),  # fmt: skip
            models.Index(fields=["workspace", "scale", "agent", "answered_on", "value"], name="answer_scale_agent"),
            models.Index(fields=["interaction", "scale"], name="answer_interaction"),
            models.Index(fields=["workspace", "question_type", "answered_at"], name="answer_type_time"),
        ]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.question_key}={self.value if self.value is not None else self.choice or self.text[:20]}"

    @property
    def scale_label(self) -> str:
        """The answer's scale as people name it ("CES 1–7"), for pages."""
        return scale_label(self.scale)


class FollowUp(WorkspaceOwned):
    """The closed loop: a detractor's answer becomes a call-back task for the agent's team lead."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    class Outcome(models.TextChoices):
        RESOLVED = "resolved", _("Resolved with the customer")
        EXPLAINED = "explained", _("Explained, no change")
        ESCALATED = "escalated", _("Escalated")
        NOT_REACHED = "not_reached", _("Customer not reached")
        NO_ACTION = "no_action", _("No action needed")

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="follow_ups")
    response = models.OneToOneField(Response, on_delete=models.CASCADE, related_name="follow_up")
    customer = models.ForeignKey(Customer, null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_ups")
    agent = models.ForeignKey(Agent, null=True, blank=True, on_delete=models.SET_NULL)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback_follow_ups"
    )
    reason = models.CharField(_("reason"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    due_at = models.DateTimeField(_("due"))
    called_back_at = models.DateTimeField(_("called back"), null=True, blank=True)
    notes = models.TextField(_("call-back notes"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Changed on every save (closing included): the API's ``updated_since`` for an incremental sync.
    updated_at = models.DateTimeField(auto_now=True)
    # When ``followup.overdue`` was published for it: once per follow-up, however often the check runs.
    overdue_published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "pk"]
        indexes = [models.Index(fields=["workspace", "status", "due_at"])]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return f"{self.reason} ({self.status})"
