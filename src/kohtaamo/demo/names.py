"""Names and places the demo draws people from: Finnish, Finland-Swedish and English speakers."""

from dataclasses import dataclass

FIRST_NAMES = {
    "fi": (
        "Matti", "Juha", "Mikko", "Timo", "Jari", "Antti", "Pekka", "Jukka", "Markku", "Ville", "Janne",
        "Tuomas", "Lauri", "Eero", "Onni", "Elias", "Veeti", "Aleksi", "Sami", "Heikki", "Kari", "Petri",
        "Anne", "Tuula", "Päivi", "Sari", "Anna", "Maria", "Johanna", "Laura", "Emilia", "Aino", "Helmi",
        "Venla", "Kaija", "Marja", "Riitta", "Sanna", "Heidi", "Minna", "Tiina", "Satu", "Eveliina", "Iida",
    ),
    "sv": (
        "Erik", "Johan", "Anders", "Mikael", "Henrik", "Fredrik", "Karl", "Oskar", "Axel", "Emil", "Mats",
        "Stefan", "Anna", "Maria", "Karin", "Ingrid", "Linnéa", "Elin", "Ebba", "Sara", "Matilda", "Ulrika",
        "Camilla", "Jessica", "Agneta",
    ),
    "en": (
        "James", "Oliver", "Daniel", "Michael", "David", "Thomas", "Ahmed", "Piotr", "Carlos", "Raj",
        "Emma", "Sarah", "Emily", "Jessica", "Olivia", "Charlotte", "Priya", "Ana", "Mei", "Fatima",
    ),
}  # fmt: skip

LAST_NAMES = {
    "fi": (
        "Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen",
        "Koskinen", "Järvinen", "Lehtonen", "Lehtinen", "Saarinen", "Salminen", "Heinonen", "Niemi",
        "Heikkilä", "Kinnunen", "Salonen", "Turunen", "Salo", "Laitinen", "Tuominen", "Rantanen",
        "Karjalainen", "Jokinen", "Mattila", "Savolainen", "Lahtinen", "Ahonen", "Hiltunen", "Räsänen",
    ),
    "sv": (
        "Lindholm", "Nyström", "Lindström", "Holmström", "Johansson", "Lindqvist", "Andersson", "Karlsson",
        "Sjöberg", "Björklund", "Åberg", "Wikström", "Forsman", "Grönroos", "Blomqvist", "Ekholm",
        "Strandberg", "Sundqvist", "Westerlund", "Häggblom",
    ),
    "en": (
        "Smith", "Johnson", "Brown", "Taylor", "Wilson", "Evans", "Walker", "Roberts", "Clarke", "Patel",
        "Kowalski", "Nguyen", "Garcia", "Ahmed", "Müller", "O'Brien",
    ),
}  # fmt: skip


def codes(text: str) -> tuple[str, ...]:
    return tuple(text.split())


@dataclass(frozen=True)
class Area:
    city: str
    population: int  # thousands, only used as a weight
    swedish: float  # share of Swedish speakers
    english: float  # share of customers who want service in English
    postal_codes: tuple[str, ...]


AREAS = (
    Area("Helsinki", 680, 0.06, 0.09, codes(
        "00100 00120 00130 00140 00150 00160 00170 00180 00200 00210 00250 00260 00300 00320 "
        "00330 00350 00400 00420 00500 00510 00530 00550 00560 00600 00610 00700 00710 00730 "
        "00800 00810 00840 00900 00920 00940 00970 00980")),
    Area("Espoo", 310, 0.07, 0.10, codes(
        "02100 02120 02150 02160 02170 02180 02200 02230 02240 02600 02610 02620 02650 02660 "
        "02700 02730 02760 02770")),
    Area("Vantaa", 245, 0.02, 0.08, codes(
        "01300 01350 01360 01370 01400 01450 01510 01600 01610 01620 01640 01730")),
    Area("Tampere", 255, 0.005, 0.04, codes(
        "33100 33180 33200 33210 33230 33250 33270 33400 33500 33540 33560 33580 33610 33700 "
        "33720 33800 33900")),
    Area("Turku", 200, 0.05, 0.05, codes(
        "20100 20200 20240 20250 20300 20320 20360 20380 20400 20500 20520 20540 20610 20700 "
        "20720 20740 20810 20900")),
    Area("Oulu", 215, 0.002, 0.03, codes("90100 90120 90130 90500 90530 90540 90560 90570 90650")),
    Area("Jyväskylä", 147, 0.002, 0.03, codes("40100 40200 40250 40320 40400 40520 40600 40620")),
    Area("Vaasa", 68, 0.23, 0.04, codes(
        "65100 65200 65230 65280 65300 65320 65350 65370 65380 65410 65610")),
    Area("Porvoo", 51, 0.29, 0.02, codes("06100 06150 06400 06450 06500 06650")),
    Area("Pietarsaari", 19, 0.55, 0.01, codes("68600 68620 68660")),
    Area("Kirkkonummi", 41, 0.16, 0.04, codes("02400 02440 02460")),
)  # fmt: skip

EMAIL_DOMAINS = ("example.com", "example.net", "example.org", "example.fi")
MOBILE_PREFIXES = ("040", "041", "044", "045", "046", "050")
LANDLINE_PREFIXES = {"Helsinki": "09", "Espoo": "09", "Vantaa": "09", "Kirkkonummi": "09", "Tampere": "03",
                     "Turku": "02", "Oulu": "08", "Jyväskylä": "014", "Vaasa": "06", "Porvoo": "019",
                     "Pietarsaari": "06"}  # fmt: skip

_ASCII = str.maketrans({"ä": "a", "ö": "o", "å": "a", "é": "e", "ü": "u", "'": ""})


def email_local_part(first: str, last: str) -> str:
    """``Päivi Hämäläinen`` → ``paivi.hamalainen``, the way Finns write their names in addresses."""
    return f"{first}.{last}".lower().translate(_ASCII)
