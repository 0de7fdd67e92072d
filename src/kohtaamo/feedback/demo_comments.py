"""Customers' comments and team leads' call-back notes for the demo, in Finnish, Swedish and English."""

import random

COMMENTS = {
    "fi": {
        "good": [
            "Asia hoitui nopeasti ja ystävällisesti, kiitos!",
            "Asiakaspalvelija oli todella asiantunteva ja selitti laskun selkeästi.",
            "Sain vastauksen heti, ei tarvinnut soittaa uudestaan.",
            "Mukava ja reipas palvelu.",
            "Chatissa vastattiin muutamassa minuutissa, erinomaista.",
            "Muuttoilmoitus hoitui parissa minuutissa.",
        ],
        "mixed": [
            "Asia hoitui, mutta jonotin liian kauan.",
            "Ihan ok, vaikka jouduin kertomaan asiani kahteen kertaan.",
            "Vastaus tuli, mutta laskun rivit ovat edelleen epäselvät.",
            "Palvelu oli ystävällistä, mutta ratkaisu jäi puolitiehen.",
        ],
        "bad": [
            "Jonotin yli puoli tuntia ja puhelu katkesi.",
            "Sähkökatkosta ei saanut mitään tietoa, arvioitu korjausaika muuttui koko ajan.",
            "Jouduin soittamaan kolme kertaa samasta laskusta.",
            "Sähköpostiin vastattiin vasta viikon päästä.",
            "Minut siirrettiin jonosta toiseen eikä kukaan osannut auttaa.",
        ],
    },
    "sv": {
        "good": [
            "Snabb och vänlig service, tack!",
            "Kundtjänsten förklarade fakturan tydligt.",
            "Fick hjälp direkt på svenska, mycket bra.",
            "Flyttanmälan var klar på några minuter.",
        ],
        "mixed": [
            "Ärendet löstes, men väntetiden var lång.",
            "Bra bemötande, men jag fick upprepa mitt ärende två gånger.",
            "Okej, men informationen om avbrottet kunde vara tydligare.",
        ],
        "bad": [
            "Jag väntade i över en halvtimme och samtalet bröts.",
            "Ingen information om strömavbrottet på flera dagar.",
            "Svaret på mitt mejl kom först efter en vecka.",
            "Ingen kunde betjäna mig på svenska.",
        ],
    },
    "en": {
        "good": [
            "Quick and friendly, thank you!",
            "The agent knew exactly what to do and explained the bill clearly.",
            "Great chat support, answered within minutes.",
        ],
        "mixed": [
            "Sorted in the end, but the queue was long.",
            "Friendly, but I had to explain my issue twice.",
            "OK, though the website could explain this better.",
        ],
        "bad": [
            "Waited over 30 minutes and then got cut off.",
            "No updates during the outage at all.",
            "I was transferred three times and nobody could help.",
        ],
    },
}
NOTES = {
    "resolved": [
        "Soitin asiakkaalle, pahoittelin jonotusaikaa ja korjasimme laskun. Asiakas tyytyväinen.",
        "Käytiin lasku läpi yhdessä, hyvitys sovittu.",
        "Asiakas sai vastauksen, sovittiin seurantasoitto ensi viikolle.",
    ],
    "explained": [
        "Selitin katkon syyn ja korjausaikataulun. Asiakas ymmärsi, vaikka ei ollut tyytyväinen.",
        "Kävin läpi hinnoittelun perusteet, ei muutoksia sopimukseen.",
    ],
    "escalated": ["Siirretty laskutuksen asiantuntijalle selvitettäväksi.", "Reklamaatio kirjattu, käsittelyssä."],
    "not_reached": ["Kaksi soittoyritystä, ei vastausta. Lähetetty sähköposti.", "Ei tavoitettu, jätetty viesti."],
    "no_action": ["Asiakas oli jo saanut asiansa hoidettua.", "Palaute koski kilpailijan palvelua."],
}


def comment_for(rng: random.Random, language: str, satisfaction: float) -> str:
    """A comment in the customer's language matching how satisfied they were (0–1)."""
    mood = "good" if satisfaction > 0.65 else "mixed" if satisfaction > 0.4 else "bad"
    return rng.choice(COMMENTS.get(language, COMMENTS["fi"])[mood])


def call_back_note(rng: random.Random, outcome: str) -> str:
    return rng.choice(NOTES[outcome])
