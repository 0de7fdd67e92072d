"""Reading stored texts (comments, transcripts), suggesting topics from untagged ones, and a topic's impact."""

import math

import pytest
from scipy import stats

from kohtaamo.lib.text.analysis import TextAnalyser
from kohtaamo.lib.text.stored import read_comment, read_transcript_text
from kohtaamo.lib.text.suggestions import suggest_topics
from kohtaamo.lib.text.topics import DEFAULT_TAXONOMY
from kohtaamo.lib.topic_impact import topic_impact

ANALYSER = TextAnalyser(taxonomy=DEFAULT_TAXONOMY)


@pytest.mark.parametrize(
    "text",
    ["Laskua ei ole tullut", "Laskun summa oli väärä", "Laskussa on virhe", "Laskuni eräpäivä meni jo"],
)
def test_a_finnish_comment_matches_billing_in_any_inflection(text):
    assert "billing" in read_comment(ANALYSER, text, "fi").topics


def test_a_placeholder_left_by_masking_neither_matches_nor_decides_the_language():
    analyser = TextAnalyser(taxonomy={"phones": {"en": ["phone"]}})
    reading = read_comment(analyser, "Soittakaa minulle numeroon [PHONE], sähköt ovat poikki")
    assert reading.language == "fi" and reading.topics == []


def test_a_comment_in_a_language_the_workspace_does_not_use_is_detected_instead():
    reading = read_comment(ANALYSER, "Fakturan var fel och ingen svarade i kundtjänst", "de")
    assert reading.language == "sv" and reading.topics == ["billing", "service"]


def test_a_transcripts_sentiment_is_the_customers_and_its_topics_come_from_every_turn():
    transcript = [
        {"speaker": "agent", "text": "Hyvää päivää, kiitos soitosta! Autan mielelläni."},
        {"speaker": "customer", "text": "Sähkökatko jatkuu ja olen todella pettynyt."},
        {"speaker": "agent", "text": "Pahoittelen, tarkistan mittarin lukeman."},
    ]
    reading = read_transcript_text(ANALYSER, transcript)
    assert reading.language == "fi"
    assert reading.sentiment == "negative"
    assert reading.topics == ["outage", "meter"]


def test_suggestions_are_the_pairs_many_untagged_texts_share_with_their_examples():
    texts = [
        ("Kotiakun asennus kesti liian kauan", "fi"),
        ("Kotiakun asennus myöhästyi viikolla", "fi"),
        ("Odotin kotiakun asennus päivää", "fi"),
        ("The solar panel app crashes", "en"),
        ("Solar panel app is slow", "en"),
        ("My solar panel readings vanish", "en"),
        ("Something else entirely", "en"),
    ]
    found = suggest_topics(texts, min_texts=3)
    phrases = [(s.language, s.phrase, s.texts) for s in found]
    assert ("en", "solar panel", 3) in phrases
    assert any(language == "fi" and "asennus" in phrase and n == 3 for language, phrase, n in phrases)
    solar = next(s for s in found if s.phrase == "solar panel")
    assert solar.examples == [3, 4, 5]
    # a single word inside a suggested pair is not suggested again, nor is a stopword
    assert ("en", "solar", 3) not in phrases and all("the" not in s.lemmas for s in found)
    assert suggest_topics(texts, min_texts=3) == found  # deterministic


def test_suggestions_need_enough_texts():
    assert suggest_topics([("Kotiakku rikki", "fi"), ("Kotiakku rikki taas", "fi")], min_texts=3) == []


def test_topic_impact_is_welchs_difference_of_the_means_against_a_hand_computation():
    # Mentioning: scores 2, 4, 6 (mean 4, variance 4). Everyone: those plus 8, 8, 10, 6 → the rest 8, 8, 10, 6
    # (mean 8, variance 8/3).
    mentioning = {2: 1, 4: 1, 6: 1}
    every = {2: 1, 4: 1, 6: 2, 8: 2, 10: 1}
    d = topic_impact(mentioning, every, min_n=3)
    se = math.sqrt(4 / 3 + (8 / 3) / 4)
    df = (4 / 3 + 2 / 3) ** 2 / ((4 / 3) ** 2 / 2 + (2 / 3) ** 2 / 3)
    t = stats.t.ppf(0.975, df)
    assert (d.n1, d.n2, d.too_few) == (3, 4, False)
    assert d.difference == pytest.approx(-4.0)
    assert (d.ci_low, d.ci_high) == (pytest.approx(-4 - t * se), pytest.approx(-4 + t * se))
    assert d.p_value == pytest.approx(2 * stats.t.sf(4 / se, df))


def test_topic_impact_below_the_minimum_is_too_few_and_refuses_impossible_counts():
    assert topic_impact({9: 2}, {9: 2, 10: 40}).too_few
    with pytest.raises(ValueError):
        topic_impact({9: 3}, {9: 2})


def test_a_comment_many_wrote_alike_is_one_example():
    """The demo's suggestion showed "Sain vastauksen heti" three times as its three examples."""
    texts = [("Kotiakku rikki taas", "fi")] * 3 + [("kotiakku  RIKKI taas", "fi"), ("Kotiakku rikki, apua", "fi")]
    (first, *_) = suggest_topics(texts, min_texts=3)
    assert first.texts == 5 and first.examples == [0, 4]
