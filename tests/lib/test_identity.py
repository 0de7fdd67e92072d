import pytest
from hypothesis import given
from hypothesis import strategies as st

from kohtaamo.lib.identity import normalise_email, normalise_external_id, normalise_handle, normalise_phone


@pytest.mark.parametrize("raw", ["040 1234567", "+358401234567", "358 40 123 4567", "0401234567", "00358 40 1234567"])
def test_finnish_mobile_formats_are_one_number(raw):
    assert normalise_phone(raw, "FI") == "+358401234567"


@pytest.mark.parametrize("raw", ["", "null", "000000", "0000000000", "-1", "1111111", "12", "abc", None, "anonymous"])
def test_junk_phones_never_match(raw):
    assert normalise_phone(raw, "FI") is None


def test_configured_test_numbers_are_junk():
    assert normalise_phone("040 1234567", "FI", frozenset({"+358401234567"})) is None


def test_region_decides_local_numbers():
    assert normalise_phone("(202) 555-0143", "US") == "+12025550143"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" Matti.Virtanen@Example.FI ", "matti.virtanen@example.fi"),
        ("ÅSA@EXAMPLE.SE", "åsa@example.se"),
        ("null", None),
        ("noreply@voima.fi", None),
        ("not-an-email", None),
        ("", None),
    ],
)
def test_emails_are_trimmed_and_case_folded(raw, expected):
    assert normalise_email(raw) == expected


@pytest.mark.parametrize("raw", ["null", "NULL", " anonymous ", "0", "000000", "-1", "undefined", ""])
def test_junk_external_ids_never_match(raw):
    assert normalise_external_id(raw) is None


def test_handles_name_their_network():
    assert normalise_handle("WhatsApp: +358 40 1234567") == "whatsapp:+358401234567"
    assert normalise_handle("x:@Matti_V") == "x:matti_v"
    assert normalise_handle("messenger:null") is None
    assert normalise_handle("myspace:matti") is None


subscriber = st.integers(min_value=1_000_000, max_value=9_999_999)


@given(
    subscriber,
    st.sampled_from(["0{p} {s}", "+358{p}{s}", "358 {p} {s}", "00358{p}{s}", "0{p}-{s}", "+358 {p} {s}"]),
)
def test_any_format_of_a_valid_mobile_normalises_to_the_same_e164(number, template):
    prefix = "40"
    raw = template.format(p=prefix, s=number)
    assert normalise_phone(raw, "FI") == f"+358{prefix}{number}"


@given(st.text(max_size=40))
def test_phone_normalisation_never_crashes_and_is_e164_or_none(text):
    result = normalise_phone(text, "FI")
    assert result is None or (result.startswith("+") and result[1:].isdigit())


@given(st.emails())
def test_email_normalisation_is_idempotent(email):
    once = normalise_email(email)
    assert once is None or normalise_email(once) == once
    if once is not None:
        assert normalise_email(email.upper()) == once
