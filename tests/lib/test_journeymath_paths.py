"""Path extraction on small hand-built histories, and properties that hold for any history."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from kohtaamo.lib.journeymath.paths import CONTINUES, RESOLVED, UNRESOLVED, Events, journeys, path_report

HOUR, DAY = 3600.0, 86400.0


def history():
    # Case 1: web → chat → phone, resolved on the phone a day later.
    # Case 2: phone, resolved at once. Case 3: chat → phone, unresolved. One anonymous email.
    return Events.from_rows([
        (1, "web", 0, False), (1, "chat", 2 * HOUR, False), (1, "phone", DAY + 2 * HOUR, True),
        (2, "phone", 5, True),
        (3, "chat", 10, False), (3, "phone", 10 + HOUR, False),
        (None, "email", 3, False),
    ])  # fmt: skip


def test_it_reads_each_case_as_a_path_in_time_order():
    report = path_report(history())
    paths = {p.steps: p.n for p in report.paths}
    assert paths == {("web", "chat", "phone"): 1, ("phone",): 1, ("chat", "phone"): 1, ("email",): 1}


def test_it_orders_contacts_by_time_whatever_order_they_come_in():
    rows = [(1, "phone", 300, True), (1, "web", 100, False), (1, "chat", 200, False)]
    assert path_report(Events.from_rows(rows)).paths[0].steps == ("web", "chat", "phone")


def test_it_counts_channel_switches_with_the_time_between_steps():
    switches = {(t.source, t.target): t for t in path_report(history()).switches}
    assert switches[("chat", "phone")].n == 2
    assert switches[("chat", "phone")].median_gap_s == (DAY + HOUR) / 2
    assert switches[("web", "chat")].median_gap_s == 2 * HOUR


def test_it_counts_contacts_per_resolved_case():
    report = path_report(history())
    assert report.contacts_per_resolved.value == 2.0  # (3 + 1) / 2 resolved cases
    assert report.resolved.value == 50.0
    assert report.first_contact_resolved.value == 25.0


def test_it_says_where_paths_end_unresolved():
    ends = {e.label: (e.unresolved, e.journeys) for e in path_report(history()).ends}
    assert ends == {"phone": (1, 3), "email": (1, 1)}


def test_a_contact_without_customer_or_case_is_a_journey_of_its_own():
    events = Events.from_rows([(None, "email", 0, False), (None, "email", 1, False)])
    assert len(journeys(events)) == 2


def test_per_customer_journeys_split_where_the_customer_was_silent_longer_than_the_window():
    rows = [(7, "chat", 0, False), (7, "phone", DAY, True), (7, "email", 20 * DAY, True)]
    report = path_report(Events.from_rows(rows), gap_seconds=7 * DAY)
    assert {p.steps for p in report.paths} == {("chat", "phone"), ("email",)}


def test_repeats_on_one_channel_can_be_merged_into_one_step():
    rows = [(1, "phone", 0, False), (1, "phone", 10, False), (1, "chat", 20, True)]
    assert path_report(Events.from_rows(rows), collapse_repeats=True).paths[0].steps == ("phone", "chat")
    assert path_report(Events.from_rows(rows)).paths[0].steps == ("phone", "phone", "chat")


def test_paths_longer_than_the_kept_steps_are_marked_truncated():
    rows = [(1, "phone", float(i), False) for i in range(5)]
    path = path_report(Events.from_rows(rows), max_steps=3).paths[0]
    assert path.steps == ("phone",) * 3 and path.truncated


def test_the_sankey_flows_from_each_step_into_how_the_journey_ended():
    links = {(link.step, link.source, link.target): link.n for link in path_report(history(), sankey_steps=2).sankey}
    assert links[(0, "web", "chat")] == 1
    assert links[(1, "chat", CONTINUES)] == 1  # web → chat → (phone beyond the drawn steps)
    assert links[(0, "phone", RESOLVED)] == 1
    assert links[(1, "phone", UNRESOLVED)] == 1


events_strategy = st.lists(
    st.tuples(st.one_of(st.none(), st.integers(0, 6)), st.sampled_from(["web", "chat", "phone", "email"]),
              st.integers(0, 40 * 86400), st.booleans()),
    min_size=1, max_size=80,
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(events_strategy, st.one_of(st.none(), st.integers(60, 10 * 86400)))
def test_every_contact_lands_in_exactly_one_journey(rows, gap):
    report = path_report(Events.from_rows(rows), gap_seconds=gap, top=10_000, max_steps=8)
    assert sum(p.n for p in report.paths) == report.journeys
    assert int(report.table.length.sum()) == len(rows)
    assert (report.table.switches <= report.table.length - 1).all()
    assert sum(link.n for link in report.sankey if link.step == 0) == report.journeys
    assert sum(e.journeys for e in report.ends) == report.journeys


@settings(max_examples=100, deadline=None)
@given(events_strategy, st.randoms(use_true_random=False))
def test_the_order_contacts_arrive_in_does_not_change_the_paths(rows, random):
    # Distinct times per group so the order within a journey is defined.
    rows = [(g, c, t * 100 + i, r) for i, (g, c, t, r) in enumerate(rows)]
    shuffled = rows[:]
    random.shuffle(shuffled)
    a, b = path_report(Events.from_rows(rows), top=10_000), path_report(Events.from_rows(shuffled), top=10_000)
    assert {(p.steps, p.n) for p in a.paths} == {(p.steps, p.n) for p in b.paths}
    assert a.transitions == b.transitions


def test_it_groups_a_large_history():
    # Not a timed assertion (see bench/journeys.py); this only proves the vectorised path runs at scale.
    rng = np.random.default_rng(1)
    n = 200_000
    events = Events(rng.integers(0, 50_000, n), rng.integers(0, 8, n), rng.random(n) * 1e7, rng.random(n) < 0.5,
                    tuple("abcdefgh"))  # fmt: skip
    assert path_report(events).journeys == len(np.unique(events.group))
