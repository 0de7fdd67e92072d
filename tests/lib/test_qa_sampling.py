"""The sampling draw itself: the right size, independent of order, proportional across channels."""

from hypothesis import given
from hypothesis import strategies as st

from kohtaamo.lib.qa.sampling import Candidate, allocate, stratified_sample

candidates = st.lists(
    st.builds(Candidate, id=st.integers(0, 10**6), stratum=st.sampled_from("abc"), weight=st.floats(0.1, 10)),
    unique_by=lambda c: c.id,
    max_size=40,
)


@given(candidates, st.integers(0, 50), st.integers())
def test_a_sample_is_a_subset_of_the_right_size_and_independent_of_order(items, n, seed):
    drawn = stratified_sample(items, n, seed)
    assert len(drawn) == min(n, len(items))
    assert len({c.id for c in drawn}) == len(drawn) and set(drawn) <= set(items)
    assert stratified_sample(list(reversed(items)), n, seed) == drawn


@given(st.dictionaries(st.sampled_from("abcdef"), st.integers(0, 30)), st.integers(0, 100))
def test_allocation_is_proportional_and_never_exceeds_a_stratum(sizes, n):
    shares = allocate(sizes, n)
    assert sum(shares.values()) == min(n, sum(sizes.values()))
    total = sum(sizes.values())
    for name, size in sizes.items():
        assert 0 <= shares[name] <= size
        assert abs(shares[name] - min(n, total) * size / total) < 1 + 1e-9 if total else True
