"""The fast phone check agrees with phonenumbers.is_valid_number on numbers written the Nordic way."""

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kohtaamo.lib.text.phones import phone_spans, valid_phone


def _library_says(raw: str, region: str) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(raw, region))
    except phonenumbers.NumberParseException:
        return False


@pytest.mark.parametrize(
    ("raw", "region"),
    [("040 123 4567", "FI"), ("09 1234 567", "FI"), ("+358 40 1234567", "FI"), ("00358401234567", "FI"),
     ("070-123 45 67", "SE"), ("+46 70 123 45 67", "FI"), ("+44 20 7946 0958", "FI"), ("030 123456", "DE"),
     ("040 123", "FI"), ("0123", "FI"), ("+999 123 4567", "FI"), ("+1 202 555 0143", "SE")],
)  # fmt: skip
def test_agrees_on_known_numbers(raw, region):
    if sum(c.isdigit() for c in raw) < 7:
        assert not valid_phone(raw, region)
        return
    assert valid_phone(raw, region) == _library_says(raw, region)


@settings(max_examples=300, deadline=None)
@given(
    prefix=st.sampled_from(["0", "+358", "00358", "+46", "+44", "+49"]),  # the regions the fast path serves
    digits=st.text(alphabet="0123456789", min_size=5, max_size=11),
    region=st.sampled_from(["FI", "SE", "DE", "GB"]),
)
def test_agrees_with_phonenumbers_on_random_numbers(prefix, digits, region):
    raw = prefix + digits
    long_enough = sum(c.isdigit() for c in raw) >= 7  # shorter numbers are never masked (too ambiguous)
    assert valid_phone(raw, region) == (long_enough and _library_says(raw, region))


def test_a_run_of_digit_groups_is_tried_shorter():
    text = "soita 040 123 4567 12 kertaa"
    assert [text[s:e] for s, e in phone_spans(text, "FI")] == ["040 123 4567"]
