"""Persona rules as sentences: field names by their labels (the workspace's for attributes), values by name."""

import pytest
from django.utils import translation

from kohtaamo.journeys.persona_rules import either, parse_rules, rule_words
from kohtaamo.workspaces.models import Workspace

WORKSPACE = Workspace(
    slug="x", name="X", display_labels={"attribute": {"age_band": {"fi": "Ikäryhmä", "en": "Age group"}}}
)


def words(text: str, language: str = "en") -> list[str]:
    with translation.override(language):
        return [rule_words(rule, WORKSPACE) for rule in parse_rules(text)]


@pytest.mark.parametrize(
    ("rule", "sentence"),
    [
        ("attributes.age_band = 65+", "Age group is 65+"),
        ("attributes.contract_type != pörssisähkö", "Contract type is not pörssisähkö"),
        ("preferred_channel in chat, in_person, web", "Preferred channel is Chat, In person or Web self-service"),
        ("language = sv", "Language is Swedish"),
        ("postal_code in 00100, 00200", "Postal code is 00100 or 00200"),
        ("contacts_90d >= 3", "At least 3 contacts in the last 90 days"),
        ("contacts_90d <= 1", "At most 1 contact in the last 90 days"),
        ("contacts_90d = 0", "Exactly 0 contacts in the last 90 days"),
        ("channel_90d = whatsapp", "Used WhatsApp in the last 90 days"),
        ("channel_90d in email, sms", "Used Email or SMS in the last 90 days"),
    ],
)
def test_each_rule_reads_as_a_sentence(rule, sentence):
    assert words(rule) == [sentence]


def test_no_sentence_shows_the_rule_syntax():
    text = "attributes.age_band = 65+\npreferred_channel = in_person\npostal_code = 00100\ncontacts_90d >= 2"
    for sentence in words(text):
        assert "_" not in sentence and "=" not in sentence


def test_an_empty_alternative_says_nobody_matches():
    assert rule_words({"field": "postal_code", "op": "in", "value": []}, WORKSPACE) == (
        "Postal code: no value given, so nobody matches"
    )


def test_in_finnish_the_workspaces_label_and_the_translated_words():
    assert words("attributes.age_band = 65+\npreferred_channel = phone\ncontacts_90d >= 3", "fi") == [
        "Ikäryhmä on 65+",
        "Ensisijainen kanava on Puhelin",
        "Vähintään 3 yhteydenottoa viimeisten 90 päivän aikana",
    ]


def test_either_joins_alternatives_as_a_sentence_does():
    assert either([]) == "" and either(["a"]) == "a" and either(["a", "b", "c"]) == "a, b or c"


def test_an_actions_filter_reads_as_labels():
    from kohtaamo.journeys.presenters import metric_filter_words

    workspace = Workspace(display_labels={"reason": {"laskutus": {"en": "Billing"}}})
    stored = {"channel": "in_person", "contact_reason": ["laskutus", "muutto_ilmoitus"], "persona": 7}
    assert metric_filter_words(stored, workspace, {7: "Seniors"}) == (
        "Channel: In person · Contact reason: Billing, Muutto ilmoitus · Persona: Seniors"
    )
    assert metric_filter_words({"persona": 9}, workspace, {}) == "Persona: #9"
