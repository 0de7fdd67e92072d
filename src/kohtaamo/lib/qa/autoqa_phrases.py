"""The phrases the automatic QA checks look for, in Finnish, Swedish and English.

Matched as whole words in order, case-insensitively, in every language at once (agents switch
language with the customer). Written as the agent says them, inflected forms included.
"""

GREETING = {
    "fi": ["hei", "heippa", "moi", "moikka", "terve", "hyvää päivää", "päivää", "hyvää huomenta", "huomenta",
           "hyvää iltaa", "iltaa", "tervetuloa", "kiitos soitosta", "kiitos yhteydenotosta"],
    "sv": ["hej", "hejsan", "god dag", "goddag", "god morgon", "god kväll", "välkommen", "tack för att du ringer",
           "tack för att du ringde", "tack för att du kontaktar"],
    "en": ["hello", "hi", "hey", "good morning", "good afternoon", "good evening", "welcome", "thank you for calling",
           "thanks for calling", "thank you for contacting", "thanks for contacting"],
}  # fmt: skip

# An agent who says who they are, when neither the company's nor the agent's own name is known.
INTRODUCTION = {
    "fi": ["nimeni on", "olen", "täällä on", "puhelimessa", "asiakaspalvelu", "asiakaspalvelusta"],
    "sv": ["jag heter", "mitt namn är", "du pratar med", "du talar med", "här är", "kundservice", "kundtjänst"],
    "en": ["my name is", "this is", "you are speaking with", "you're speaking with", "you are chatting with",
           "customer service", "customer support"],
}  # fmt: skip

CLOSING = {
    "fi": ["kiitos yhteydenotosta", "kiitos soitosta", "hyvää päivänjatkoa", "hyvää päivän jatkoa",
           "mukavaa päivänjatkoa", "hyvää illanjatkoa", "hyvää viikonloppua", "hei hei", "heippa", "kuulemiin",
           "näkemiin", "mukavaa päivää", "hyvää päivää", "voinko auttaa vielä", "voinko auttaa muussa",
           "oliko muuta", "onko muuta", "kiitos ja hei"],
    "sv": ["tack för samtalet", "tack för att du hörde av dig", "tack för att du kontaktade", "ha en bra dag",
           "ha en trevlig dag", "ha det bra", "hej då", "hejdå", "kan jag hjälpa till med något mer",
           "något mer jag kan hjälpa", "trevlig helg"],
    "en": ["thank you for contacting", "thanks for contacting", "thank you for calling", "thanks for calling",
           "have a nice day", "have a good day", "have a great day", "goodbye", "bye", "anything else",
           "take care", "have a nice weekend", "have a good weekend"],
}  # fmt: skip

HOLD = {
    "fi": ["hetki", "hetkinen", "hetken", "pieni hetki", "odottakaa", "odota", "odotatteko", "tarkistan",
           "katson", "selvitän", "laitan pitoon", "jonossa hetken"],
    "sv": ["ett ögonblick", "ögonblick", "vänta lite", "vänta ett tag", "jag kollar", "jag ska kolla",
           "jag tittar", "jag undersöker", "vänta kort"],
    "en": ["one moment", "a moment", "just a moment", "please hold", "hold on", "let me check", "bear with me",
           "i'll check", "i will check", "let me look", "one second", "just a second", "put you on hold"],
}  # fmt: skip

HOLD_THANKS = {
    "fi": ["kiitos odotuksesta", "kiitos kun odotit", "kiitos kun odotitte", "kiitos odottamisesta",
           "kiitos kärsivällisyydestä", "anteeksi odotus", "pahoittelen odotusta"],
    "sv": ["tack för att du väntade", "tack för att ni väntade", "tack för väntan", "tack för ditt tålamod",
           "förlåt att du fick vänta", "ursäkta väntan"],
    "en": ["thanks for waiting", "thank you for waiting", "thank you for holding", "thanks for holding",
           "thank you for your patience", "thanks for your patience", "sorry for the wait", "sorry to keep you"],
}  # fmt: skip
