from kohtaamo.db.chunks import IN_LIST_CHUNK, chunks
from kohtaamo.timeline.models import Customer


def test_chunks_keep_order_and_stay_within_the_limit():
    values = list(range(IN_LIST_CHUNK * 2 + 1))
    parts = list(chunks(values))
    assert [len(p) for p in parts] == [IN_LIST_CHUNK, IN_LIST_CHUNK, 1]
    assert [v for p in parts for v in p] == values
    assert list(chunks([])) == []


def test_chunks_read_any_iterable_lazily():
    parts = chunks(iter(range(IN_LIST_CHUNK + 1)))
    assert next(parts) == tuple(range(IN_LIST_CHUNK))


def test_one_chunk_is_a_valid_in_list_with_the_query_s_other_parameters(voima):
    ids = list(range(1, IN_LIST_CHUNK + 1))
    [chunk] = chunks(ids)
    assert not Customer.objects.filter(workspace=voima, name="x", pk__in=chunk).exists()
