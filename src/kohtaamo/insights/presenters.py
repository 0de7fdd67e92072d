"""The Topics page's chart: mentions of each topic per week or month, as the page's Plotly script takes it."""

from .selectors.report import TopicsReport

CHART_TOPICS = 8  # lines beyond this many are unreadable; the table below lists every topic


def volume_chart(report: TopicsReport) -> dict:
    """Period starts (ISO) and, for the most mentioned topics, the mentions in each period (0 when none)."""
    shown = [figures for figures in report.topics if figures.mentions][:CHART_TOPICS]
    return {
        "x": [period.isoformat() for period in report.periods],
        "series": [
            {"label": figures.label, "y": [figures.series.get(period, 0) for period in report.periods]}
            for figures in shown
        ],
    }
