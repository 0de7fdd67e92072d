"""lib.canonical: the fast canonical JSON writes exactly the bytes stored hashes were made from."""

import json
from datetime import UTC, datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from kohtaamo.lib.canonical import canonical_json


def old(value) -> bytes:
    """The encoder every stored content hash was made with."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str, ensure_ascii=False).encode()


# Text as a well-formed record holds it: any character but a lone surrogate, quotes, backslashes and
# control characters included.
texts = st.text(st.characters(exclude_categories=["Cs"]), max_size=20)
numbers = (
    st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.floats(min_value=-1e-3, max_value=1e-3, allow_nan=False)
)
values = st.recursive(
    st.none() | st.booleans() | numbers | texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=25,
)


@settings(max_examples=600)
@given(values)
def test_it_writes_what_the_old_encoder_wrote_for_any_json_value(value):
    assert canonical_json(value) == old(value)


def test_the_values_orjson_spells_otherwise_come_out_as_before():
    record = {
        "tiny": 1e-05,
        "tinier": -7.18e-09,
        "huge": 2**70,
        "text": 'e-mail ä 😀 \u2028 \x1f "q" \\',
        "when": datetime(2026, 3, 1, 9, 30, tzinfo=UTC),
        "amount": Decimal("1.10"),
        "b": {"z": 1, "a": [1.5, None, True]},
    }
    assert canonical_json(record) == old(record)
    assert canonical_json({"b": 1, "a": 2}) == b'{"a":2,"b":1}'
