"""Words too common to name a topic, per language, as lemmas (the suggestion of new topics skips them).

Function words, pronouns, the commonest verbs and the politeness of a survey comment: without them the
most frequent pairs of an untagged comment pile are "kiitos hyvä" and "thank you", not a subject.
"""

_WORDS = {
    "fi": (
        """ja on ei että se minä mä sinä te me he hän olla oli ole kun mutta jos tai kiitos hei moi voi
        vielä nyt sitten myös joo kyllä hyvä päivää huomenta tämä tuo mikä kuka joka mitä miten miksi niin
        kuin vain jo aina ihan tosi todella paljon vähän kaikki mitään jotain jokin asia asiat kanssa
        ettei eikä sekä siis koska vaikka saada tulla mennä tehdä pitää voida haluta sanoa kertoa
        olisi ollut olen olet olemme ovat oli oikein erittäin aika sama uusi yksi kaksi kerta
        meidän teidän minun sinun hänen heidän se ne nämä noi sen siitä sitä siihen hyvin huono"""
    ),
    "sv": (
        """och är inte jag du det att som har en ett för med på till av vi ni de om men eller tack hej
        kan ska vill min mitt din ert er nu också ja nej bra dag den detta dessa var vara bli blev
        få göra säga mycket lite alla allt något någon inget här där när hur varför vad vilken så
        bara redan alltid väldigt mycket jättebra hade ha skulle kunde måste mig dig sig oss dem
        deras vår vårt min mina sin sina än då sedan efter innan under över"""
    ),
    "en": (
        """and is not the a an to of you it that i we they have has for with on in at my your but or
        thank thanks hello hi can will would please yes no this be was were been am are do does did
        get got go went make made say said tell told very really so just also too all any some
        what who how why when where which there here than then very much many more most one two
        me him her us them our their its his hers theirs ours good great bad okay ok lot"""
    ),
}

STOPWORDS: dict[str, frozenset[str]] = {language: frozenset(words.split()) for language, words in _WORDS.items()}
