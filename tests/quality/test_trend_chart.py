"""The IQS trend: months with too few evaluations are open markers without whiskers."""

from kohtaamo.lib.cxmetrics import Estimate
from kohtaamo.quality.presenters import trend_chart
from kohtaamo.quality.selectors.reports import IqsRow


def test_a_thin_month_has_no_whiskers_and_an_open_marker():
    rows = [
        IqsRow("2026-10", "2026-10", Estimate(value=82.0, n=12, ci_low=76.0, ci_high=88.0, too_few=False)),
        IqsRow("2026-11", "2026-11", Estimate(value=40.0, n=1, ci_low=0.0, ci_high=100.0, too_few=True)),
    ]
    (trace,) = trend_chart({7: rows}, {7: "Ville"})
    assert trace["error_y"]["array"] == [6.0, None] and trace["error_y"]["arrayminus"] == [6.0, None]
    assert trace["marker"]["symbol"] == ["circle", "circle-open"]
    assert trace["customdata"] == [12, 1]  # the n stays in the hover
