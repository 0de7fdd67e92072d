"""The Topics page's figures: per topic its volume over time, its share of negative texts, and how the
survey score of the answers that mention it differs from the rest — each with its n and interval.

Everything is counted in a few grouped queries on the mention table (``TopicMention``), whose week, month,
source and sentiment were copied onto it when the text was read; the score comparison is one grouped query
for every answer and one per topic for the answers whose response's comments mention it.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet

from kohtaamo.feedback.models import Answer
from kohtaamo.feedback.selectors.answers import METRIC_SCALE
from kohtaamo.lib.cxmetrics import DEFAULT_MIN_N, Difference, Estimate, proportion_estimate
from kohtaamo.lib.topic_impact import topic_impact
from kohtaamo.workspaces.access import Actor

from ..models import Sentiment, Source, TextReading, TopicMention
from .taxonomy import topic_list

GRAINS = ("week", "month")
MONTHS = (3, 6, 12)
SOURCES = ("", Source.TRANSCRIPT, Source.COMMENT)


@dataclass(frozen=True)
class TopicsQuery:
    """The page's choices: how many months back, weekly or monthly, which texts, which score."""

    months: int = 6
    grain: str = "week"
    source: str = ""
    metric: str = "nps"

    def start(self, today: date) -> date:
        first = today.replace(day=1)
        for _ in range(self.months - 1):
            first = (first - timedelta(days=1)).replace(day=1)
        return first


@dataclass
class TopicFigures:
    key: str
    label: str
    mentions: int = 0
    share_of_texts: Estimate | None = None
    negative: Estimate | None = None
    impact: Difference | None = None
    series: dict[date, int] = field(default_factory=dict)


@dataclass
class TopicsReport:
    query: TopicsQuery
    start: date
    end: date
    texts: int  # texts read in the period (of the chosen source)
    untagged: int
    scored: int  # answers on the metric's scale in the period
    topics: list[TopicFigures]
    periods: list[date]
    min_n: int = DEFAULT_MIN_N


def _bounds(actor: Actor, start: date, end: date) -> tuple[datetime, datetime]:
    tz = actor.workspace.tz
    return datetime.combine(start, time.min, tzinfo=tz), datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz)


def _periods(start: date, end: date, grain: str) -> list[date]:
    """Every week's Monday (or month's first day) from ``start`` to ``end``, so empty periods show as 0."""
    out, day = [], start - timedelta(days=start.weekday()) if grain == "week" else start.replace(day=1)
    while day <= end:
        out.append(day)
        day = day + timedelta(days=7) if grain == "week" else (day + timedelta(days=32)).replace(day=1)
    return out


def _score_counts(answers: QuerySet[Answer]) -> dict[int, int]:
    return dict(answers.values_list("value").annotate(n=Count("id")).order_by())


def topics_report(*, actor: Actor, query: TopicsQuery, today: date) -> TopicsReport:
    """Volume, negative share and score impact of every topic of the taxonomy over the chosen months."""
    start = query.start(today)
    since, until = _bounds(actor, start, today)
    mentions = TopicMention.objects.of(actor).filter(at__gte=since, at__lt=until)
    readings = TextReading.objects.of(actor).filter(at__gte=since, at__lt=until)
    if query.source == Source.TRANSCRIPT:
        mentions, readings = mentions.filter(source=query.source), readings.filter(interaction__isnull=False)
    elif query.source == Source.COMMENT:
        mentions, readings = mentions.filter(source=query.source), readings.filter(answer__isnull=False)
    counts = readings.aggregate(texts=Count("id"), untagged=Count("id", filter=Q(topics=[])))
    texts = counts["texts"]
    negative = Count("id", filter=Q(sentiment=Sentiment.NEGATIVE))
    totals = {
        row["topic"]: row for row in mentions.values("topic").annotate(n=Count("id"), negative=negative).order_by()
    }
    series: dict[str, dict[date, int]] = defaultdict(dict)
    for topic, period, n in mentions.values_list("topic", query.grain).annotate(n=Count("id")).order_by():
        series[topic][period] = n
    scored = Answer.objects.of(actor).filter(
        scale=METRIC_SCALE[query.metric], value__isnull=False, answered_at__gte=since, answered_at__lt=until
    )
    every = _score_counts(scored)
    figures = []
    for topic in topic_list(actor=actor):
        row = totals.get(topic.key, {"n": 0, "negative": 0})
        responses = TopicMention.objects.of(actor).filter(topic=topic.key, source=Source.COMMENT).values("response_id")
        mentioning = _score_counts(scored.filter(response_id__in=responses)) if every else {}
        figures.append(
            TopicFigures(
                key=topic.key,
                label=topic.label(),
                mentions=row["n"],
                share_of_texts=proportion_estimate(row["n"], texts) if texts else None,
                negative=proportion_estimate(row["negative"], row["n"]) if row["n"] else None,
                impact=topic_impact(mentioning, every) if every else None,
                series=series.get(topic.key, {}),
            )
        )
    figures.sort(key=lambda f: -f.mentions)
    return TopicsReport(query, start, today, texts, counts["untagged"], sum(every.values()), figures,
                        _periods(start, today, query.grain))  # fmt: skip
