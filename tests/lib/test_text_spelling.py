"""Which words the spelling check asks a dictionary about, and what its answers add up to (a toy
dictionary here; the real ones are tried in tests/insights/test_dictionaries.py)."""

from kohtaamo.lib.text.spelling import NO_WORDS, NOT_AVAILABLE, allowed_words, spelling_check, threshold, words_to_check

KNOWN = {"hei", "tarkistin", "laskun", "ja", "se", "on", "nyt", "kunnossa", "kiitos", "soitan", "teille"}


def speller(word: str) -> bool:
    return word in KNOWN


def test_names_numbers_addresses_and_masks_are_not_asked_about():
    text = "Hei Matti! Soitin numeroon [PHONE], lasku 12,50 € ja viite 12AB. Katso www.voima.fi tai tuki@voima.fi. OK?"
    assert words_to_check(text) == ["Hei", "Soitin", "numeroon", "lasku", "ja", "viite", "Katso", "tai"]


def test_a_capitalised_word_starting_a_sentence_is_checked():
    assert words_to_check("kiitos. Tarkistin sen") == ["kiitos", "Tarkistin", "sen"]


def test_a_clean_message_passes_and_slips_are_the_evidence():
    clean = spelling_check([(0, "Hei! Tarkistin laskun ja se on nyt kunnossa."), (2, "Kiitos!")], speller)
    assert (clean.passed, clean.misspelled, clean.words_checked) == (True, (), 9)
    sloppy = spelling_check([(0, "Hei! Tarksitin laskun."), (2, "Soitan teile ja kiitso.")], speller)
    assert sloppy.passed is False and sloppy.evidence == 0
    assert [(m.turn, m.word) for m in sloppy.misspelled] == [(0, "Tarksitin"), (2, "teile"), (2, "kiitso")]


def test_one_slip_never_fails_and_the_share_decides_beyond_it():
    assert threshold(10) == 1 and threshold(100) == 2 and threshold(500) == 10
    one = spelling_check([(0, "Hei! Tarksitin laskun.")], speller)
    assert one.passed is True and len(one.misspelled) == 1


def test_allowed_words_are_product_names_in_any_case():
    allowed = allowed_words(["Voima Plus", "sähkösopimus"])
    assert allowed == ("voima", "plus", "sähkösopimus")
    result = spelling_check([(0, "hei, plus ja sähkösopimus on nyt kunnossa")], speller, allowed=allowed)
    assert result.passed is True and result.words_checked == 5


def test_hyphenated_words_count_when_each_part_is_a_word():
    assert spelling_check([(0, "hei-hei ja kiitos")], speller).misspelled == ()


def test_without_a_dictionary_it_is_not_available_never_passed():
    result = spelling_check([(0, "Hei")], None)
    assert (result.passed, result.reason) == (None, NOT_AVAILABLE)
    assert result.to_dict() == {"passed": None, "evidence": None, "misspelled": [], "words_checked": 0,
                                "reason": NOT_AVAILABLE}  # fmt: skip


def test_nothing_to_check_is_not_a_pass():
    assert spelling_check([(0, "[PHONE] 123")], speller).reason == NO_WORDS
