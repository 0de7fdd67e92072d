"""The real dictionaries: Voikko (Finnish) and hunspell (Swedish, English), which .ci/run installs from
Debian. A machine without them skips with the reason; CI has them, so these run there."""

import pytest

from kohtaamo.insights.dictionaries import speller_for
from kohtaamo.lib.qa.autoqa import check_transcript
from kohtaamo.lib.text.spelling import NOT_AVAILABLE, spelling_check

MESSAGES = {
    "fi": (
        "Hei! Tarkistin laskunne, ja se on nyt korjattu. Kiitos yhteydenotostanne, Matti.",
        "Hei! Tarksitin laskunne, ja se on nyt korjatu. Kiitos yhteydenotostane.",
        ["Tarksitin", "korjatu", "yhteydenotostane"],
    ),
    "sv": (
        "Hej! Jag har kontrollerat fakturan och rättat den. Tack för att du hörde av dig, Anna.",
        "Hej! Jag har kontrolerat fakturan och rättatt den. Tack för att du hörde av dgi.",
        ["kontrolerat", "rättatt", "dgi"],
    ),
    "en": (
        "Hello! I have checked your invoice and corrected it. Thank you for contacting us, Mr Smith.",
        "Hello! I have checkd your invoce and corected it. Thank you for contacting us.",
        ["checkd", "invoce", "corected"],
    ),
}


def _speller(language):
    found = speller_for(language)
    if found is None:
        pytest.skip(
            f"no {language} dictionary on this machine (Debian: libvoikko1 voikko-fi hunspell-sv hunspell-en-us)"
        )
    return found


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_correct_messages_pass_and_misspelled_ones_fail_with_the_words(language):
    speller = _speller(language)
    good, bad, wrong = MESSAGES[language]
    assert spelling_check([(0, good)], speller).misspelled == ()
    result = spelling_check([(0, good), (2, bad)], speller)
    assert result.passed is False and result.evidence == 2
    assert [m.word for m in result.misspelled] == wrong


def test_inflected_finnish_and_compounds_are_words():
    speller = _speller("fi")
    assert spelling_check([(0, "sähkösopimuksestanne laskussanne asiakaspalvelussamme")], speller).misspelled == ()


def test_a_language_without_a_dictionary_is_not_available():
    assert speller_for("de") is None
    transcript = [
        {"speaker": "agent", "text": "Guten Tag, hier ist Voima."},
        {"speaker": "customer", "text": "Hallo"},
    ]
    result = check_transcript(transcript, language="de", channel="chat", spellers=speller_for)
    assert result.spelling.passed is None and result.spelling.reason == NOT_AVAILABLE


def test_a_spoken_conversation_is_not_checked():
    _speller("fi")
    transcript = [{"speaker": "agent", "text": "Hei tarksitin"}, {"speaker": "customer", "text": "Moi"}]
    result = check_transcript(transcript, language="fi", channel="phone", spellers=speller_for)
    assert result.spelling.passed is None and result.spelling.reason == "not a written channel"
