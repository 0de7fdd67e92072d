"""The demo clients' names for their own keys: customer attributes from the CRM and contact reasons.

A real workspace labels these on its labels page (workspaces/labels.py); the demo fills them in, in
Finnish, Swedish and English, so the customer page reads "Age band 65+" and not ``age_band``.
"""

from .clients import LINKKI, VOIMA, ClientSpec

ATTRIBUTES = {
    "segment": {"fi": "Asiakassegmentti", "sv": "Kundsegment", "en": "Segment"},
    "age_band": {"fi": "Ikäryhmä", "sv": "Åldersgrupp", "en": "Age band"},
    "contract_type": {"fi": "Sopimustyyppi", "sv": "Avtalstyp", "en": "Contract type"},
    "customer_since": {"fi": "Asiakkaana alkaen", "sv": "Kund sedan", "en": "Customer since"},
}

REASONS = {
    VOIMA.slug: {
        "laskutus": {"fi": "Laskutus", "sv": "Fakturering", "en": "Billing"},
        "maksuaika": {"fi": "Maksuaika", "sv": "Betalningstid", "en": "Payment extension"},
        "mittarilukema": {"fi": "Mittarilukema", "sv": "Mätarställning", "en": "Meter reading"},
        "sopimus": {"fi": "Sopimus", "sv": "Avtal", "en": "Contract"},
        "muutto": {"fi": "Muutto", "sv": "Flytt", "en": "Moving house"},
        "sähkökatko": {"fi": "Sähkökatko", "sv": "Strömavbrott", "en": "Power cut"},
        "aurinkopaneelit": {"fi": "Aurinkopaneelit", "sv": "Solpaneler", "en": "Solar panels"},
        "energianeuvonta": {"fi": "Energianeuvonta", "sv": "Energirådgivning", "en": "Energy advice"},
    },
    LINKKI.slug: {
        "laskutus": {"fi": "Laskutus", "sv": "Fakturering", "en": "Billing"},
        "verkkovika": {"fi": "Verkkovika", "sv": "Nätverksfel", "en": "Network fault"},
        "liittymä": {"fi": "Liittymä", "sv": "Abonnemang", "en": "Subscription"},
        "muutto": {"fi": "Muutto", "sv": "Flytt", "en": "Moving house"},
        "laitteet": {"fi": "Laitteet", "sv": "Utrustning", "en": "Devices"},
        "roaming": {"fi": "Verkkovierailu", "sv": "Roaming", "en": "Roaming"},
        "tarjous": {"fi": "Tarjous", "sv": "Erbjudande", "en": "Offer"},
    },
}


def display_labels(spec: ClientSpec) -> dict[str, dict[str, dict[str, str]]]:
    """The workspace's ``display_labels``: every attribute the demo CRM sends and every reason it tags."""
    return {"attribute": ATTRIBUTES, "reason": REASONS[spec.slug]}
