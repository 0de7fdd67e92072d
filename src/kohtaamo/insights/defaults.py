"""The names of the default taxonomy's topics (``lib.text.topics.DEFAULT_TAXONOMY``) in each language.

They are stored on each workspace's own topics when it is made, so a workspace renames them as it likes;
that is why they are data here, not translated strings.
"""

DEFAULT_LABELS: dict[str, dict[str, str]] = {
    "billing": {"fi": "Laskutus", "sv": "Fakturering", "en": "Billing"},
    "outage": {"fi": "Sähkökatkot", "sv": "Strömavbrott", "en": "Outages"},
    "contract": {"fi": "Sopimukset", "sv": "Avtal", "en": "Contracts"},
    "moving": {"fi": "Muutot", "sv": "Flytt", "en": "Moving"},
    "meter": {"fi": "Mittarit ja lukemat", "sv": "Mätare och avläsning", "en": "Meters and readings"},
    "service": {"fi": "Asiakaspalvelu", "sv": "Kundtjänst", "en": "Customer service"},
}
