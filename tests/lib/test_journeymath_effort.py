"""The effort index of a journey, and its check against customers' CES answers."""

import numpy as np

from kohtaamo.lib.journeymath.effort import effort_points, validate_against_ces
from kohtaamo.lib.journeymath.paths import Events, journeys


def test_effort_points_add_contacts_switches_days_and_unresolved():
    events = Events.from_rows([(1, "chat", 0, False), (1, "phone", 2 * 86400, True), (2, "phone", 0, False)])
    points = effort_points(journeys(events))
    assert points.tolist() == [1 + 1 + 2, 2]


def test_the_effort_index_agrees_with_ces_when_harder_journeys_get_lower_answers():
    rng = np.random.default_rng(3)
    points = rng.integers(0, 8, 200).astype(float)
    ces = np.clip(7 - points * 0.7 + rng.normal(0, 1, 200), 1, 7).round()
    ces[:50] = np.nan  # unanswered journeys are left out
    check = validate_against_ces(points, ces)
    assert check.n == 150 and check.agrees is True and check.ci_low < check.rho < check.ci_high < 0


def test_too_few_ces_answers_make_no_claim():
    assert validate_against_ces(np.arange(10.0), np.arange(10.0)).agrees is None
