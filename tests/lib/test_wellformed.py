"""lib.wellformed: the one rule for incoming text (no lone surrogate, no NUL, NFC) and JSON depth."""

import json
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kohtaamo.lib.wellformed import (
    MAX_DEPTH,
    TextInvalid,
    clean_json,
    clean_text,
    nesting_deeper_than,
    text_problem,
)


def test_it_refuses_a_lone_surrogate_and_a_nul_and_names_the_character():
    assert "U+D800" in text_problem(json.loads('"ab\\ud800"'))
    assert "NUL" in text_problem("a\x00b")
    with pytest.raises(TextInvalid):
        clean_text("\udfff")


def test_it_accepts_a_surrogate_pair_and_normalises_to_nfc():
    assert text_problem(json.loads('"\\ud83d\\ude00"')) is None  # 😀 as a JSON surrogate pair
    assert clean_text("e\u0301") == "\u00e9"


def test_it_names_the_path_of_every_bad_text_in_a_record():
    record = json.loads(
        '{"a": "ok", "customer": {"name": "\\ud800"}, "transcript": [{"text": "x"}, {"text": "\\u0000"}],'
        ' "attributes": {"\\udc00": 1}, "n": NaN}'
    )
    cleaned, problems = clean_json(record)
    paths = dict(problems)
    assert set(paths) == {"customer.name", "transcript[1].text", "attributes.\\udc00", "n"}
    assert "surrogate" in paths["customer.name"] and "NUL" in paths["transcript[1].text"]
    assert "finite" in paths["n"]


def test_it_refuses_nesting_past_the_limit_without_recursing():
    deep: object = "x"
    for _ in range(MAX_DEPTH + 1):
        deep = [deep]
    [(path, reason)] = clean_json(deep)[1]
    assert path == "[0]" * MAX_DEPTH and reason == f"nests deeper than {MAX_DEPTH} levels"
    very_deep: object = []
    for _ in range(100_000):
        very_deep = [very_deep]
    assert nesting_deeper_than(very_deep, 64)
    assert not nesting_deeper_than([[[]]], 3)


@given(
    st.recursive(
        st.none() | st.booleans() | st.floats() | st.integers() | st.text(),
        lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=5), kids, max_size=3),
        max_leaves=20,
    )
)
def test_a_value_without_problems_is_storable_nfc_json(value):
    cleaned, problems = clean_json(value)
    if not problems:
        encoded = json.dumps(cleaned, allow_nan=False, ensure_ascii=False).encode("utf-8")
        assert b"\\u0000" not in encoded and b"\x00" not in encoded
        for text in _texts(cleaned):
            assert unicodedata.is_normalized("NFC", text)


def _texts(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _texts(item)


def test_whole_numbers_are_ascii_digits_within_the_range():
    from kohtaamo.lib.wellformed import ID_MAX, whole_number

    assert whole_number("42") == 42 and whole_number(" 7 ") == 7
    assert whole_number("²") is None and whole_number("٣") is None and whole_number("") is None
    assert whole_number(str(ID_MAX + 1)) is None and whole_number("9" * 5000) is None
    assert whole_number("-3") is None and whole_number("-3", low=-5) == -3
    assert whole_number("11", high=10) is None
