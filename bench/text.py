"""Benchmark: read transcripts as ingest will — redaction, language, sentiment per turn, topics and the
automatic QA rules — on one core. Target: at least 2,000 transcripts of 20 turns a second.

    .venv/bin/python bench/text.py [--n 20000] [--seed 1]

Synthetic conversations in Finnish, Swedish and English (a third each): an agent greets, the customer
explains with sentences drawn from a pool of customer-service phrasings and a few hundred varied words,
the agent answers, holds once in a while and closes; one turn in six carries a phone number, an e-mail,
an IBAN, a personal identity code, a date or an amount. Generating the data is not timed. The
dictionaries simplemma loads on first use are loaded before the clock starts and their load time is
reported apart (``dictionary_load_s``): a long-running worker pays it once. The last line is JSON.
"""

import argparse
import json
import random
import resource
import time

PHRASES = {
    "fi": {
        "agent": ["Hei, olen {agent} Voimasta, miten voin auttaa?", "Hetki, tarkistan asian.",
                  "Kiitos odotuksesta, {name}.", "Lasku on nyt korjattu ja hyvitys tulee ensi kuussa.",
                  "Ymmärrän, pahoittelen tilannetta.", "Voinko auttaa vielä jossain muussa?",
                  "Kiitos yhteydenotosta ja hyvää päivänjatkoa!", "Sopimuksenne on voimassa {date} asti."],
        "customer": ["Hei, minulla on ongelma laskun kanssa.", "Lasku on liian suuri, en ymmärrä miksi.",
                     "Soitin jo eilen eikä kukaan vastannut.", "Numeroni on {phone}.",
                     "Tilinumero on {iban}.", "Henkilötunnukseni on {hetu}.", "Kiitos, tämä auttoi paljon!",
                     "Sähköt ovat olleet poikki aamusta asti.", "Muutan uuteen osoitteeseen {date}.",
                     "Ei mitään valittamista, kiitos.", "Summa oli {amount} euroa.", "{word} {word} ei toimi."],
    },
    "sv": {
        "agent": ["Hej, jag heter {agent}, vad kan jag hjälpa till med?", "Ett ögonblick, jag kollar.",
                  "Tack för att du väntade, {name}.", "Fakturan är nu rättad.", "Jag förstår, det beklagar jag.",
                  "Kan jag hjälpa till med något mer?", "Tack för samtalet och ha en bra dag!"],
        "customer": ["Hej, jag har ett problem med min faktura.", "Fakturan är för hög och jag är besviken.",
                     "Jag ringde igen men ingen svarade.", "Mitt nummer är {phone}.", "Min e-post är {email}.",
                     "Tack, det var jättebra!", "Strömmen har varit borta sedan i morse.",
                     "Jag flyttar {date}.", "Beloppet var {amount} kronor.", "{word} {word} fungerar inte."],
    },
    "en": {
        "agent": ["Hello, my name is {agent}, how can I help?", "One moment, let me check.",
                  "Thanks for waiting, {name}.", "The invoice is now corrected.", "I understand, I'm sorry.",
                  "Is there anything else I can help with?", "Thank you for calling and have a nice day!"],
        "customer": ["Hi, I have a problem with my bill.", "The bill is too high and I'm really annoyed.",
                     "I called again and nobody answered.", "My number is {phone}.", "My email is {email}.",
                     "Thanks, that was really helpful!", "The power has been out since this morning.",
                     "I'm moving on {date}.", "The amount was {amount} pounds.", "The {word} {word} doesn't work."],
    },
}  # fmt: skip
NAMES = ["Matti", "Anna", "Mikko", "Laura", "Erik", "Sofia", "Johan", "Emma", "Olli", "Sara"]
WORDS = {
    "fi": [
        "sovellus",
        "mittari",
        "laite",
        "kortti",
        "sivusto",
        "yhteys",
        "laturi",
        "verkko",
        "palvelu",
        "tili",
        "tuote",
        "reititin",
    ],
    "sv": ["appen", "mätaren", "kortet", "sidan", "anslutningen", "laddaren", "nätet", "tjänsten", "kontot", "routern"],
    "en": ["app", "meter", "card", "website", "connection", "charger", "network", "service", "account", "router"],
}


def transcript(rng: random.Random, language: str) -> dict:
    phrases, name, agent = PHRASES[language], rng.choice(NAMES), rng.choice(NAMES)
    fill = {
        "name": name, "agent": agent, "phone": f"040 {rng.randrange(100, 999)} {rng.randrange(1000, 9999)}",
        "email": f"{name.lower()}.{rng.randrange(99)}@example.fi", "iban": "FI21 1234 5600 0007 85",
        "hetu": "131052-308T", "date": f"{rng.randrange(1, 28)}.{rng.randrange(1, 12)}.2026",
        "amount": f"{rng.randrange(10, 999)},{rng.randrange(10, 99)}",
    }  # fmt: skip
    turns, at = [], 0.0
    for index in range(20):
        speaker = "agent" if index % 2 == 0 else "customer"
        if index == 0:
            text = phrases["agent"][0]
        elif index == 19:
            text = phrases["agent"][-1]
        else:
            text = rng.choice(phrases[speaker][1:-1] if speaker == "agent" else phrases[speaker])
        text = text.replace("{word}", rng.choice(WORDS[language]), 1).replace("{word}", rng.choice(WORDS[language]))
        turns.append({"speaker": speaker, "text": text.format(**fill), "at": at})
        at += rng.uniform(3, 90)
    return {"customer": {"name": f"{name} Virtanen"}, "channel": rng.choice(["phone", "chat"]), "transcript": turns}


def reference_loop_ms() -> float:
    """A fixed pure-Python loop (a million dict lookups), timed on CPU: how fast this core is right now,
    so figures taken on a shared, busy machine can be compared."""
    table = {str(i): i for i in range(1000)}
    keys = list(table) * 1000
    began = time.process_time()
    for key in keys:
        table.get(key)
    return (time.process_time() - began) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    from kohtaamo.lib.qa.transcripts import read_transcript
    from kohtaamo.lib.text.analysis import TextAnalyser

    rng = random.Random(args.seed)
    languages = ("fi", "sv", "en")
    data = [transcript(rng, languages[i % 3]) for i in range(args.n)]
    analyser = TextAnalyser(region="FI")

    began = time.perf_counter()
    for record in data[:300]:  # loads the three dictionaries and warms the word memos
        read_transcript(record["transcript"], analyser, customer_name=record["customer"]["name"])
    dictionary_load_s = time.perf_counter() - began

    reference_before = reference_loop_ms()
    began = time.process_time()
    wall = time.perf_counter()
    redacted_kinds = 0
    for record in data:
        reading = read_transcript(
            record["transcript"], analyser, customer_name=record["customer"]["name"], channel=record["channel"]
        )
        redacted_kinds += len(reading.pii)
    cpu = time.process_time() - began
    wall = time.perf_counter() - wall
    reference = min(reference_before, reference_loop_ms())
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    per_s = args.n / cpu
    print(f"{args.n:,} transcripts of 20 turns: {cpu:.2f} s CPU ({wall:.2f} s wall), {per_s:,.0f} transcripts/s")
    print(f"dictionaries and warm-up: {dictionary_load_s:.1f} s; personal-data kinds found: {redacted_kinds:,}")
    print(f"peak RSS {peak_rss_mb:.0f} MB; reference loop {reference:.0f} ms (an idle modern core: about 30 ms)")
    print(json.dumps({"transcripts_per_s": round(per_s), "wall_transcripts_per_s": round(args.n / wall),
                      "peak_rss_mb": round(peak_rss_mb), "dictionary_load_s": round(dictionary_load_s, 1),
                      "reference_loop_ms": round(reference), "n": args.n, "turns_per_transcript": 20}))  # fmt: skip


if __name__ == "__main__":
    main()
