"""A workspace's own redaction patterns: masked as [NAME] after the built-in kinds, checked before they
are saved, and a pattern that runs out of time masks the whole text instead of storing it in clear."""

import pytest

from kohtaamo.lib.text.custom_patterns import PatternError, check_patterns
from kohtaamo.lib.text.pii import KINDS, Redactor

LOYALTY = {"loyalty_card": r"\bBONUS-\d{8}\b", "contract": r"(?i)\bsopimus(?:numero)?\s+[A-Z]{2}\d{5}\b"}
CATASTROPHIC = r"(a|aa)+$"  # exponential backtracking in the regex package too


@pytest.mark.parametrize(
    ("text", "masked", "kinds"),
    [
        ("Kortti BONUS-12345678 ei toimi", "Kortti [LOYALTY_CARD] ei toimi", ("loyalty_card",)),
        ("Sopimusnumero AB12345 päättyy", "[CONTRACT] päättyy", ("contract",)),
        ("BONUS-87654321 ja sopimus XY54321", "[LOYALTY_CARD] ja [CONTRACT]", ("loyalty_card", "contract")),
    ],
)
def test_own_patterns_are_masked_with_their_name(text, masked, kinds):
    result = Redactor("FI", LOYALTY).redact(text)
    assert (result.text, result.kinds) == (masked, kinds)


@pytest.mark.parametrize("text", ["BONUS-1234567 on liian lyhyt", "XBONUS-12345678", "sopimus A123456", "bonus"])
def test_near_misses_stay(text):
    assert Redactor("FI", LOYALTY).redact(text).kinds == ()


def test_built_in_kinds_come_first_and_a_pattern_masks_only_what_is_left():
    redactor = Redactor("FI", {"callback": r"soita numeroon [\d ]+ klo \d+"})
    result = redactor.redact("Pyysi: soita numeroon 040 123 4567 klo 15 kiitos")
    assert result.text == "Pyysi: [CALLBACK][PHONE][CALLBACK] kiitos"
    assert result.kinds == ("callback", "phone")
    assert "040" not in result.text and "15" not in result.text


def test_a_pattern_cannot_rename_a_built_in_mask():
    result = Redactor("FI", {"any_digits": r"\d{3} \d{3} \d{4}"}).redact("puh 040 123 4567")
    assert result.text == "puh [PHONE]" and result.kinds == ("phone",)


def test_a_pattern_that_runs_out_of_time_masks_the_whole_text(caplog):
    redactor = Redactor("FI", {"slow": CATASTROPHIC}, timeout=0.02)  # saved before the check, say
    text = "Soita 040 123 4567, " + "a" * 60 + "!"
    result = redactor.redact(text)
    assert result.text == "[SLOW]" and result.kinds == ("slow",)
    assert [(s.start, s.end) for s in result.spans] == [(0, len(text))]
    assert "'slow' ran out of time" in caplog.text and "040" not in caplog.text  # the log never quotes the text


def test_a_slow_pattern_still_finishes_quickly_on_ordinary_text():
    result = Redactor("FI", {"slow": CATASTROPHIC}, timeout=0.02).redact("Hei, lasku on väärin.")
    assert result.kinds == ()


@pytest.mark.parametrize(
    ("patterns", "code"),
    [
        ({"Bad Name": "x"}, "name"),
        ({"9lives": "x"}, "name"),
        ({"phone": r"\d+"}, "built_in"),
        ({"broken": "(ab"}, "syntax"),
        ({"empty": "a*"}, "empty"),
        ({"boundary": r"\b"}, "empty"),  # zero width: matches no empty text, but masks nothing anywhere
        ({"long": "a" * 301}, "too_long"),
        ({"slow": CATASTROPHIC}, "slow"),
        ({"slow_too": r"(x|x)+y"}, "slow"),  # the pattern's own letters are among the test texts
        ({f"p{i}": "x" for i in range(21)}, "too_many"),
    ],
)
def test_unusable_patterns_are_refused_on_save_with_a_reason(patterns, code):
    with pytest.raises(PatternError) as refused:
        check_patterns(patterns, reserved=KINDS)
    assert refused.value.code == code
    assert refused.value.name in patterns or code == "too_many"


def test_good_patterns_pass_the_check():
    assert list(check_patterns(LOYALTY, reserved=KINDS)) == ["loyalty_card", "contract"]
