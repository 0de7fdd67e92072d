"""Cases and repeat contacts do not depend on the order records arrive in.

The same history — a few customers' contacts on a few reasons, some linked by a case reference, some
naming only part of who the customer is (so customers merge on the way) — is imported sorted in one
batch, and again permuted and cut into batches, after drafts of some records that the later versions
correct. Both must end with the same cases, case fields and repeat flags.
"""

import os
from datetime import UTC, datetime, timedelta
from itertools import count

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kohtaamo.timeline.models import Case, Interaction
from tests.factories import ingest, workspace

START = datetime(2026, 10, 1, 9, tzinfo=UTC)
_slugs = count(1)


def contact(ext, day, who=0, reason="invoice", outcome="unresolved", ref=None, says=2, hour=0):
    person = {"email": f"p{who}@example.fi", "phone": f"+35840222{who:04d}"}
    customer = [{"email": person["email"]}, {"phone": person["phone"]}, person][says]
    data = {
        "external_id": ext,
        "channel": "phone",
        "started_at": (START + timedelta(days=day, hours=hour)).isoformat(),
        "contact_reason": reason,
        "outcome": outcome,
        "customer": customer,
    }
    if ref:
        data["case_ref"] = ref
    return data


def outcome(ws) -> set:
    """Everything order must not change, named by the interactions' external ids (ids differ)."""
    rows = list(Interaction.objects.of(ws).values_list("external_id", "case_id", "is_repeat", "customer_id"))
    members: dict = {}
    for ext, case, _, _ in rows:
        members.setdefault(case, set()).add(ext)
    cases = {
        pk: (frozenset(members[pk]), ref, reason, status, opened, last, resolved)
        for pk, ref, reason, status, opened, last, resolved in Case.objects.of(ws).values_list(
            "pk", "ref", "contact_reason", "status", "opened_at", "last_contact_at", "resolved_at"
        )
    }
    assert set(cases) == {case for _, case, _, _ in rows if case is not None}, "a case without contacts"
    people: dict = {}
    for ext, _, _, customer in rows:
        people.setdefault(customer, set()).add(ext)
    return {
        (ext, cases.get(case), repeat, frozenset(people[customer]) if customer else None)
        for ext, case, repeat, customer in rows
    }


def fresh():
    return workspace(f"order-{next(_slugs)}", "Order")


def test_a_late_earlier_contact_joins_the_cases_around_it(db):
    """Oct 1, 6 and 11 sent as 1, 11, 6: one case with two repeats, as when sent sorted."""
    sorted_ws, late_ws = fresh(), fresh()
    history = [contact("a", 0), contact("b", 5), contact("c", 10)]
    ingest(sorted_ws, *history)
    for data in (history[0], history[2], history[1]):
        ingest(late_ws, data)
    assert Case.objects.of(late_ws).count() == 1
    assert set(Interaction.objects.of(late_ws).values_list("external_id", "is_repeat")) == {
        ("a", False),
        ("b", True),
        ("c", True),
    }
    assert outcome(late_ws) == outcome(sorted_ws)


def test_a_contact_that_moves_away_splits_its_case(db):
    ws = fresh()
    ingest(ws, contact("a", 0), contact("b", 5), contact("c", 10))
    ingest(ws, contact("b", 5, reason="move"))
    cases = {frozenset(c.interactions.values_list("external_id", flat=True)) for c in Case.objects.of(ws)}
    assert cases == {frozenset({"a"}), frozenset({"b"}), frozenset({"c"})}
    assert not Interaction.objects.of(ws).filter(is_repeat=True).exists()


def test_customers_merged_later_have_their_cases_threaded_together(db):
    ws = fresh()
    ingest(ws, contact("a", 0, says=0), contact("b", 3, says=1))  # two customers so far
    assert Case.objects.of(ws).count() == 2
    ingest(ws, contact("c", 20, says=2, reason="move"))  # one record names both: they merge
    invoice = Case.objects.of(ws).get(contact_reason="invoice")
    assert set(invoice.interactions.values_list("external_id", "is_repeat")) == {("a", False), ("b", True)}


HISTORY = st.lists(
    st.tuples(
        st.integers(0, 2),  # who
        st.integers(0, 40),  # day
        st.integers(0, 23),  # hour
        st.sampled_from(["invoice", "invoice", "move", ""]),
        st.sampled_from(["resolved", "unresolved"]),
        st.sampled_from([None, None, None, "R1", "R2"]),
        st.integers(0, 2),  # which identifiers the record says
    ),
    min_size=1,
    max_size=14,
)


EXAMPLES = int(os.getenv("KOHTAAMO_HYPOTHESIS_EXAMPLES", "60"))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=HISTORY, data=st.data())
def test_any_order_and_any_batches_give_the_same_cases(db, history, data):
    records = [
        contact(f"i{n}", day, who, reason, result, ref, says, hour)
        for n, (who, day, hour, reason, result, ref, says) in enumerate(history)
    ]
    reference = fresh()
    ingest(reference, *sorted(records, key=lambda r: r["started_at"]))

    ws = fresh()
    drafts = data.draw(st.lists(st.sampled_from(records), max_size=4), label="drafts")
    shift = data.draw(st.integers(-20, 20), label="draft day shift")
    for draft in drafts:  # an earlier version with another day and reason, corrected below
        moved = datetime.fromisoformat(draft["started_at"]) + timedelta(days=shift)
        ingest(ws, {**draft, "started_at": moved.isoformat(), "contact_reason": "draft"})
    order = data.draw(st.permutations(records), label="order")
    resent = data.draw(st.lists(st.sampled_from(records), max_size=3), label="sent twice")
    stream = list(order) + resent  # overlapping windows send some records again
    while stream:
        size = data.draw(st.integers(1, max(1, len(stream))), label="batch")
        ingest(ws, *stream[:size])
        stream = stream[size:]
    assert outcome(ws) == outcome(reference)
