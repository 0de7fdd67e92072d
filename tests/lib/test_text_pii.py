"""Personal data is masked only when its checksum holds; dates, amounts and business numbers stay."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kohtaamo.lib.text.checksums import hetu_valid, iban_valid, luhn_valid, personnummer_valid
from kohtaamo.lib.text.pii import PatternError, Redactor

REDACTOR = Redactor("FI")

# DVV's published examples for the 2023 signs, the classic 131052-308T, and one per remaining sign.
VALID_HETUS = [
    "131052-308T", "010594Y9021", "020594X903P", "030594W903B", "040594V9030", "050594U903M",
    "010516A902W", "010516B903X", "010516C903X", "010516D902W", "010516E903X", "010516F902W", "010195+1017",
]  # fmt: skip


@pytest.mark.parametrize("code", VALID_HETUS)
def test_every_century_sign_is_masked(code):
    assert hetu_valid(code)
    result = REDACTOR.redact(f"Henkilötunnukseni on {code}, kiitos.")
    assert result.text == "Henkilötunnukseni on [PERSONAL_ID], kiitos."
    assert result.kinds == ("personal_id",)


@pytest.mark.parametrize(
    "code",
    ["131052-308U", "010594Y9022", "010516G903X", "320594Y9021", "290223A9020", "010594Y0011", "131052*308T"],
)
def test_wrong_check_character_date_or_sign_is_not_a_hetu(code):
    assert not hetu_valid(code)
    assert REDACTOR.redact(f"viite {code}").kinds == ()


def test_lower_case_hetu_is_still_found():
    assert REDACTOR.redact("tunnus 131052-308t").kinds == ("personal_id",)


@pytest.mark.parametrize("number", ["811218-9876", "19811218-9876", "198112189876", "811278-9873"])
def test_swedish_personnummer_and_coordination_number(number):
    assert personnummer_valid(number)
    assert REDACTOR.redact(f"mitt personnummer är {number}").text == "mitt personnummer är [PERSONAL_ID]"


@pytest.mark.parametrize("number", ["811218-9877", "811318-9876", "8112189876"])
def test_wrong_luhn_bad_month_or_bare_ten_digits_are_not_personnummer(number):
    assert REDACTOR.redact(f"nummer {number}").kinds == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tilini FI21 1234 5600 0007 85 kiitos", "Tilini [IBAN] kiitos"),
        ("FI2112345600000785", "[IBAN]"),
        ("konto SE45 5000 0000 0583 9825 7466.", "konto [IBAN]."),
        ("GB82WEST12345698765432 please", "[IBAN] please"),
    ],
)
def test_ibans_pass_mod_97(text, expected):
    assert REDACTOR.redact(text).text == expected


@pytest.mark.parametrize("iban", ["FI2112345600000786", "FI21 1234 5600 0007 8", "SE4550000000058398257467"])
def test_ibans_failing_mod_97_or_length_stay(iban):
    assert REDACTOR.redact(f"tili {iban}").kinds == ()


@pytest.mark.parametrize("card", ["4111 1111 1111 1111", "4111-1111-1111-1111", "5555555555554444", "378282246310005"])
def test_cards_pass_luhn(card):
    assert REDACTOR.redact(f"card {card} expires").text == "card [CARD] expires"


@pytest.mark.parametrize("number", ["4111 1111 1111 1112", "1234567890123", "0000000000000000", "411111111111"])
def test_numbers_failing_luhn_or_too_short_are_not_cards(number):
    assert REDACTOR.redact(f"number {number}").kinds == ()


@pytest.mark.parametrize(
    "phone",
    ["040 123 4567", "0401234567", "+358 40 1234567", "+358401234567", "00358 40 123 4567", "09 1234 567",
     "+46 70 123 45 67"],
)  # fmt: skip
def test_finnish_and_international_phone_numbers(phone):
    result = REDACTOR.redact(f"Soittakaa numeroon {phone} iltapäivällä")
    assert result.text == "Soittakaa numeroon [PHONE] iltapäivällä"
    assert result.kinds == ("phone",)


def test_the_workspace_region_decides_local_numbers():
    assert Redactor("SE").redact("ring 070-123 45 67").text == "ring [PHONE]"
    assert Redactor("US").redact("call (202) 555-0143").text == "call [PHONE]"


@pytest.mark.parametrize(
    "text",
    [
        "Lasku 15.01.2024 oli 123,45 € ja eräpäivä 01.02.2024.",
        "Fakturan 2024-01-15 på 1 234,50 kr",
        "The bill of 12/03/2024 was $1,299.00",
        "Mittarilukema 045123 kWh, asiakasnumero 4012345678, sopimus 0012345678",
        "klo 14.30 - 15.00",
        "Viitenumero 1234 5678 9012 3",
        "summa 0,50 € / 1000 kWh",
    ],
)
def test_dates_amounts_readings_and_business_numbers_stay(text):
    result = REDACTOR.redact(text)
    assert result.text == text
    assert result.kinds == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail matti.virtanen@example.fi.", "mail [EMAIL]."),
        ("<asa.lindqvist+kundtjanst@post.example.se>", "<[EMAIL]>"),
    ],
)
def test_email_addresses(text, expected):
    assert REDACTOR.redact(text).text == expected


@pytest.mark.parametrize("text", ["maksu @ kassalla", "user@localhost", "a@b", "hinta 5 @ 2 €"])
def test_not_email_addresses(text):
    assert REDACTOR.redact(text).kinds == ()


def test_several_kinds_in_one_text_in_order_of_appearance():
    text = "Olen 131052-308T, puh 040 123 4567, matti@example.fi, tili FI2112345600000785."
    result = REDACTOR.redact(text)
    assert result.text == "Olen [PERSONAL_ID], puh [PHONE], [EMAIL], tili [IBAN]."
    assert result.kinds == ("personal_id", "phone", "email", "iban")


def test_custom_patterns_are_named_and_masked():
    redactor = Redactor("FI", {"order_ref": r"\bTIL-\d{6}\b"})
    result = redactor.redact("Tilaus TIL-123456 ja TIL-12 on auki")
    assert result.text == "Tilaus [ORDER_REF] ja TIL-12 on auki"
    assert result.kinds == ("order_ref",)


@pytest.mark.parametrize("patterns", [{"Bad Name": "x"}, {"phone": r"\d"}, {"broken": "("}, {"empty": "a*"}])
def test_unusable_custom_patterns_are_refused_with_their_name(patterns):
    with pytest.raises(PatternError, match=repr(next(iter(patterns)))):
        Redactor("FI", patterns)


def test_text_without_personal_data_is_returned_as_it_is():
    text = "Hei, minulla on kysymys laskusta."
    assert REDACTOR.redact(text).text is text


@given(st.text(alphabet="0123456789", min_size=13, max_size=19))
def test_luhn_agrees_with_the_doubling_definition(digits):
    doubled = [int(d) * (2 if i % 2 else 1) for i, d in enumerate(reversed(digits))]
    assert luhn_valid(digits) == (sum(d - 9 if d > 9 else d for d in doubled) % 10 == 0)


@given(st.from_regex(r"[0-9]{14}", fullmatch=True))
def test_iban_check_digits_computed_by_the_standard_are_accepted(body):
    bban = "1234" + body[:10]  # 14 characters: a Finnish IBAN is FI + 2 check digits + 14
    check = 98 - int("".join(str(int(c, 36)) for c in bban + "FI00")) % 97
    assert iban_valid(f"FI{check:02d}{bban}")
    assert not iban_valid(f"FI{(check + 1) % 100:02d}{bban}")
