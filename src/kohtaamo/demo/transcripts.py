"""Short chat and call transcripts in the customer's language (Finnish, Swedish or English)."""

import random
from typing import Any

GREETING = {
    "fi": (
        "Hei, tässä {agent}, {company}. Miten voin auttaa?",
        "Hyvää päivää, {agent} {company}-palvelusta.",
    ),
    "sv": (
        "Hej, det här är {agent} på {company}. Hur kan jag hjälpa dig?",
        "God dag, {agent} här på {company}.",
    ),
    "en": ("Hi, this is {agent} from {company}. How can I help?", "Hello, {agent} at {company} here."),
}
OPENING = {
    "fi": {
        "laskutus": ("Laskuni on paljon isompi kuin viime kuussa, voitteko tarkistaa sen?",
                     "Laskussa on kaksi samaa riviä & summa > 300 €, vaikka kulutus on < 200 kWh."),
        "maksuaika": ("Voisinko saada lisää maksuaikaa tähän laskuun?",),
        "mittarilukema": ("Mittarin lukema laskulla ei täsmää, mittarissa lukee eri luku.",),
        "sopimus": ("Haluaisin vaihtaa sopimukseni pörssisähköön.",
                    "Milloin määräaikainen sopimukseni päättyy?"),
        "muutto": ("Muutan ensi kuussa, miten siirrän sopimuksen uuteen osoitteeseen?",),
        "sähkökatko": ("Meillä on ollut sähköt poikki eilisillasta asti, milloin ne palaavat?",
                       "Koko kadulta on sähköt poikki, onko tästä tietoa?"),
        "aurinkopaneelit": ("Mitä aurinkopaneelit maksaisivat omakotitaloon?",),
        "energianeuvonta": ("Miten voisin pienentää sähkönkulutusta talvella?",),
        "verkkovika": ("Netti pätkii koko ajan, modeemin valo vilkkuu punaisena.",
                       "Kotona ei ole kenttää ollenkaan, puhelut katkeavat."),
        "liittymä": ("Haluaisin vaihtaa isompaan datapakettiin.",),
        "laitteet": ("Uusi puhelin ei tunnista SIM-korttia.",),
        "roaming": ("Laskulla on ulkomaan datamaksuja > 50 €, vaikka olin vain Ruotsissa.",),
        "tarjous": ("Onko teillä nyt jotain tarjousta laajakaistasta?",),
    },
    "sv": {
        "laskutus": ("Min faktura är mycket högre än förra månaden, kan ni kolla den?",
                     "Fakturan har två likadana rader & summan är > 300 €, fast förbrukningen är < 200 kWh."),
        "maksuaika": ("Kan jag få mera betalningstid för fakturan?",),
        "mittarilukema": ("Mätarställningen på fakturan stämmer inte.",),
        "sopimus": ("Jag vill byta till ett börselavtal.",),
        "muutto": ("Jag flyttar nästa månad, hur flyttar jag avtalet?",),
        "sähkökatko": ("Vi har varit utan ström sedan i går kväll, när kommer den tillbaka?",),
        "aurinkopaneelit": ("Vad skulle solpaneler kosta för ett egnahemshus?",),
        "energianeuvonta": ("Hur kan jag minska elförbrukningen på vintern?",),
        "verkkovika": ("Internet bryts hela tiden och modemet blinkar rött.",),
        "liittymä": ("Jag skulle vilja ha ett större datapaket.",),
        "laitteet": ("Min nya telefon känner inte igen SIM-kortet.",),
        "roaming": ("Det finns roamingavgifter > 50 € på fakturan fast jag bara var i Sverige.",),
        "tarjous": ("Har ni något erbjudande på bredband just nu?",),
    },
    "en": {
        "laskutus": ("My bill is much higher than last month, can you check it?",
                     "There are two identical lines on my bill & the total is > €300, I used < 200 kWh."),
        "maksuaika": ("Could I get more time to pay this invoice?",),
        "mittarilukema": ("The meter reading on my bill doesn't match the meter.",),
        "sopimus": ("I'd like to switch to a spot-price contract.",),
        "muutto": ("I'm moving next month, how do I move my contract?",),
        "sähkökatko": ("We've had no power since last night, when will it be back?",),
        "aurinkopaneelit": ("How much would solar panels cost for a detached house?",),
        "energianeuvonta": ("How can I use less electricity in winter?",),
        "verkkovika": ("My internet keeps dropping and the modem light is blinking red.",),
        "liittymä": ("I'd like a bigger data plan.",),
        "laitteet": ("My new phone doesn't recognise the SIM card.",),
        "roaming": ("There are roaming charges > €50 on my bill although I was only in Sweden.",),
        "tarjous": ("Do you have any broadband offers right now?",),
    },
}  # fmt: skip
CHECK = {
    "fi": ("Tarkistan asian, hetkinen.", "Voisitko vahvistaa asiakasnumerosi?", "Katsotaan, löydän tietosi."),
    "sv": ("Jag kollar, ett ögonblick.", "Kan du bekräfta ditt kundnummer?"),
    "en": ("Let me check, one moment.", "Could you confirm your customer number?"),
}
REPLY = {
    "fi": ("Selvä, kiitos.", "Asiakasnumero on {number}.", "Joo, odotan."),
    "sv": ("Okej, tack.", "Kundnumret är {number}.", "Ja, jag väntar."),
    "en": ("OK, thanks.", "It's {number}.", "Sure, I'll wait."),
}
CLOSING = {
    "fi": {
        "resolved": "Korjasin asian, muutos näkyy seuraavalla laskulla.",
        "unresolved": "En valitettavasti saa tätä ratkaistua nyt, palaamme asiaan muutaman päivän sisällä.",
        "transferred": "Siirrän sinut asiantuntijalle, joka pystyy auttamaan tässä.",
        "escalated": "Teen asiasta selvityspyynnön, ja saat vastauksen sähköpostiin.",
    },
    "sv": {
        "resolved": "Jag har rättat det, ändringen syns på nästa faktura.",
        "unresolved": "Tyvärr kan jag inte lösa det nu, vi återkommer inom några dagar.",
        "transferred": "Jag kopplar dig till en specialist som kan hjälpa dig.",
        "escalated": "Jag gör en utredningsbegäran och du får svar per e-post.",
    },
    "en": {
        "resolved": "I've fixed it, you'll see the change on your next bill.",
        "unresolved": "I'm afraid I can't solve this right now, we'll get back to you within a few days.",
        "transferred": "I'll transfer you to a specialist who can help with this.",
        "escalated": "I'm opening an investigation and you'll get an answer by email.",
    },
}
GOODBYE = {
    "fi": {"resolved": "Kiitos paljon, hyvää päivänjatkoa!", "other": "No, toivottavasti asia hoituu pian."},
    "sv": {"resolved": "Tack så mycket, ha en bra dag!", "other": "Nåja, hoppas det ordnar sig snart."},
    "en": {"resolved": "Thanks a lot, have a nice day!", "other": "Well, I hope it gets sorted soon."},
}
# One line, once in the whole demo, proving that customer text is escaped wherever it is shown.
SCRIPT_LINE = {
    "fi": "Maksusivulla luki vain <script>alert('maksu')</script> – mitä nyt teen?",
    "sv": "På betalningssidan stod det bara <script>alert('maksu')</script> – vad gör jag nu?",
    "en": "The payment page only said <script>alert('maksu')</script> – what do I do now?",
}


def transcript(
    rng: random.Random,
    *,
    language: str,
    reason: str,
    outcome: str,
    agent: str,
    company: str,
    number: str,
    first_line: str | None = None,
) -> list[dict[str, Any]]:
    """A few lines between customer and agent; ``at`` is seconds from the start of the conversation."""
    language = language if language in OPENING else "fi"
    openings = OPENING[language].get(reason) or OPENING[language]["laskutus"]
    lines = [
        ("agent", rng.choice(GREETING[language]).format(agent=agent.split()[0], company=company)),
        ("customer", first_line or rng.choice(openings)),
        ("agent", rng.choice(CHECK[language])),
        ("customer", rng.choice(REPLY[language]).format(number=number)),
        ("agent", CLOSING[language].get(outcome, CLOSING[language]["resolved"])),
        ("customer", GOODBYE[language]["resolved" if outcome == "resolved" else "other"]),
    ]
    at, result = 0, []
    for speaker, text in lines:
        result.append({"at": at, "speaker": speaker, "text": text})
        at += rng.randint(8, 75)
    return result
