"""A mean wait reads as a duration with its interval, not as "3592 [3410–3770]" seconds."""

from django.utils import translation

from kohtaamo.journeys.templatetags.journeys import duration_estimate
from kohtaamo.lib.cxmetrics import Estimate


def test_a_mean_of_seconds_reads_as_a_duration_with_its_interval_and_n():
    with translation.override("en"):
        html = str(duration_estimate(Estimate(value=3720, n=230, ci_low=3480, ci_high=3960, too_few=False)))
    assert "1 h 2 min" in html and "[58 min – 1 h 6 min]" in html and "n=230" in html


def test_nothing_measured_is_a_dash():
    assert "–" in str(duration_estimate(Estimate(value=float("nan"), n=0, ci_low=0, ci_high=0, too_few=True)))
