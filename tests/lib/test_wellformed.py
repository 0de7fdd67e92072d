"""lib.wellformed: the one rule for incoming text (no lone surrogate, no NUL, NFC) and JSON depth."""

import json
import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kohtaamo.lib.wellformed import (
    MAX_DEPTH,
    TextInvalid,
    clean_json,
    clean_text,
    loads_checked,
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


def test_a_line_is_checked_from_its_text_when_nothing_in_it_can_be_a_problem():
    assert loads_checked('{"name": "M\\u00e4kinen", "n": [1, 2.5, null]}') == (
        {"name": "Mäkinen", "n": [1, 2.5, None]},
        False,  # an escape: walked
    )
    assert loads_checked('{"name": "Mäkinen", "n": [1, 2.5e10]}') == ({"name": "Mäkinen", "n": [1, 2.5e10]}, True)
    not_plain = [
        '{"x": 1e400}',  # decodes to infinity
        '{"x": -Infinity}',
        '{"x": NaN}',
        '{"x": "a\\u0000"}',
        '{"x": "e\u0301"}',  # raw, decomposed: the walk makes it NFC
        "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1),
    ]
    for text in not_plain:
        value, checked = loads_checked(text)
        assert not checked, text
        assert repr(value) == repr(json.loads(text))
    assert loads_checked("[" * MAX_DEPTH + "]" * MAX_DEPTH)[1]
    for bad in ("{not json", "\ufeff{}", "1" * 5000):
        with pytest.raises(ValueError) as theirs:
            json.loads(bad)
        with pytest.raises(type(theirs.value), match=re.escape(str(theirs.value))):  # the same error
            loads_checked(bad)


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(),
    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=5), kids, max_size=3),
    max_leaves=20,
)


@given(_JSON_VALUES, st.booleans(), st.integers(0, 40))
def test_a_checked_line_is_one_the_walk_passes_unchanged(value, ascii_only, depth):
    for _ in range(depth):
        value = [value]
    text = json.dumps(value, ensure_ascii=ascii_only)
    decoded, checked = loads_checked(text)
    assert repr(decoded) == repr(json.loads(text))
    if checked:
        assert clean_json(decoded) == (decoded, [])
