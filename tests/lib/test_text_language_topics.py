"""Language detection for fi/sv/en, lemma matching of topics, and the whole analysis of one text."""

import pytest

from kohtaamo.lib.text.analysis import TextAnalyser
from kohtaamo.lib.text.language import detect_language
from kohtaamo.lib.text.topics import Taxonomy
from kohtaamo.lib.text.words import lemmas_of, tokens


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Hei, minulla on ongelma laskun kanssa.", "fi"),
        ("Sähköt ovat olleet poikki aamusta asti", "fi"),
        ("Kiitos, hyvää päivänjatkoa!", "fi"),
        ("Hej, jag har ett problem med min faktura.", "sv"),
        ("Strömmen har varit borta sedan i morse", "sv"),
        ("Tack så mycket, ha en bra dag!", "sv"),
        ("Hi, I have a problem with my invoice.", "en"),
        ("The power has been out since this morning", "en"),
        ("Thanks a lot, have a nice day!", "en"),
    ],
)
def test_fi_sv_en_are_told_apart(text, language):
    assert detect_language(text) == language


def test_no_words_no_language():
    assert detect_language("12345 !!! 678") is None
    assert detect_language("") is None


def test_candidates_limit_the_answer():
    assert detect_language("Hej, jag har ett problem med min faktura.", ("fi", "en")) in ("fi", "en", None)


@pytest.mark.parametrize("word", ["lasku", "laskua", "laskun", "laskussa", "laskulla", "laskusta"])
def test_finnish_inflections_share_a_lemma(word):
    assert lemmas_of("fi")(word) == "lasku"


TAXONOMY = Taxonomy(
    {
        "billing": {"fi": ["lasku"], "sv": ["faktura"], "en": ["invoice"]},
        "outage": {"fi": ["sähkökatko", "sähköt poikki"], "en": ["power cut"]},
    }
)


@pytest.mark.parametrize(
    "text", ["Laskussa on virhe", "Missä laskuni on?", "En saanut laskua", "Laskusta puuttuu rivi", "Lasku"]
)
def test_finnish_topic_matches_every_inflection(text):
    assert TAXONOMY.match(tokens(text), "fi") == ["billing"]


def test_topics_match_phrases_in_order_and_report_in_taxonomy_order():
    assert TAXONOMY.match(tokens("Sähköt ovat poikki ja laskukin on väärin"), "fi") == ["billing"]
    assert TAXONOMY.match(tokens("Sähköt poikki, lasku myöhässä"), "fi") == ["billing", "outage"]
    assert TAXONOMY.match(tokens("We had a power cut and my invoice is late"), "en") == ["billing", "outage"]
    assert TAXONOMY.match(tokens("The cut of the power"), "en") == []


def test_topics_are_per_language():
    assert TAXONOMY.match(tokens("faktura"), "fi") == []
    assert TAXONOMY.match(tokens("faktura"), "sv") == ["billing"]
    assert TAXONOMY.match(tokens("lasku"), None) == []


def test_analysis_masks_before_it_reads():
    analyser = TextAnalyser(region="FI")
    result = analyser.analyse("Laskuni on väärin! Soittakaa minulle numeroon 040 123 4567, email matti@example.fi")
    assert result.redacted == "Laskuni on väärin! Soittakaa minulle numeroon [PHONE], email [EMAIL]"
    assert result.pii == ["phone", "email"]
    assert result.language == "fi"
    assert result.sentiment == "negative"
    assert "billing" in result.topics


def test_given_language_is_kept_and_redaction_can_be_off():
    analyser = TextAnalyser(redact=False)
    result = analyser.analyse("great service, call me at 040 123 4567", language="en")
    assert result.language == "en"
    assert result.redacted == "great service, call me at 040 123 4567"
    assert result.pii == []
    assert result.sentiment == "positive"
