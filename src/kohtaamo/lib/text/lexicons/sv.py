"""Swedish sentiment lexicon."""

VALENCE = """
bra 2, jättebra 3, superbra 3, toppen 3, utmärkt 3, fantastisk 3, underbar 3, perfekt 3, trevlig 2, vänlig 2,
hjälpsam 2, snabb 1.5, snabbt 1.5, enkel 1.5, enkelt 1.5, lätt 1.5, nöjd 2, glad 2, tacksam 2, tack 0.5,
tacka 1, bäst 3, bättre 1.5, smidig 2, smidigt 2, proffsig 2, professionell 2, rekommendera 2, lösa 1.5,
löst 1.5, fixa 1, härlig 2.5, kanon 3, grym 2.5, tydlig 1, tydligt 1, okej 0.3, ok 0.3, schysst 2,
schyst 2, älska 3, uppskatta 2, imponerad 2.5, positiv 2, lugn 1, tålmodig 1.5, förstående 2, effektiv 2,
pålitlig 2, tillmötesgående 2, fin 2, fint 2, strålande 3, lysande 3, duktig 2, kunnig 2, hjälp 1,
dålig -2, dåligt -2, sämre -2, sämst -3, värdelös -3, hemsk -3, hemskt -3, fruktansvärd -3,
fruktansvärt -3, katastrof -3, usel -3, uselt -3, oförskämd -2.5, otrevlig -2.5, arg -2.5, irriterad -2,
irriterande -2, besviken -2.5, besvikelse -2.5, missnöjd -2.5, frustrerad -2.5, frustrerande -2.5,
problem -1, fel -1.5, felaktig -2, trasig -2, långsam -1.5, långsamt -1.5, dyr -1.5, dyrt -1.5, krångel -2,
krånglig -2, krångla -2, klaga -2, klagomål -2, reklamation -1.5, strunta -2, obegriplig -2, svår -1.5,
svårt -1.5, jobbig -2, jobbigt -2, tyvärr -1, avbrott -1.5, strömavbrott -1.5, försenad -1.5, vänta -1,
kö -1, bedrägeri -3, lura -2.5, skandal -3, oacceptabel -3, oacceptabelt -3, pinsam -2, slöseri -2,
orimlig -2.5, orimligt -2.5, löjlig -2.5, löjligt -2.5, störning -1.5, sur -2, ledsen -2, orolig -1.5,
orättvis -2.5, inkompetent -2.5, oseriös -2.5, förvirrande -1.5, förvirrad -1.5, saknas -1, tappa -1.5,
förlora -1.5, hopplös -2.5, hopplöst -2.5, skräp -3, kass -2.5, sunkig -2.5,
direkt 1, genast 1, omgående 1.5, smidigt 1.5
"""

NEGATORS = "inte ej aldrig ingen inget inga ingenting varken icke utan"

INTENSIFIERS = """
mycket 1.3, väldigt 1.3, jätte 1.3, riktigt 1.3, verkligen 1.3, extremt 1.5, otroligt 1.5, helt 1.2, så 1.2,
super 1.3, alldeles 1.2, oerhört 1.5, alltför 1.3, för 1.1, lite 0.6, ganska 0.8, något 0.7, rätt 0.9
"""

CONTRAST = "men dock ändå fast"

PHRASES = """
ringa igen -2, ringa flera gång -2, ringa många gång -2, tredje gång -2, flera gång -1.5, ingen svara -2.5,
inte svara -1.5, inget svar -2, fortfarande vänta -2, fortfarande inte -1.5, inte fungera -2, inte funka -2,
fungera inte -2, funka inte -2,
inte få -1, säga upp -1.5, slöseri med tid -2.5, i timmar -1.5, ingen fara 1, inga problem 1, inget problem 1,
inget att klaga 1.5, inte klaga 1.5, tack för att du vänta 0, ha en bra dag 0, ha det bra 0, god dag 0,
tack så mycket 1, stort tack 1.5, tack för hjälp 1.5, helt ok 0.5,
på några minuter 1.5, med en gång 1, behöva inte ringa igen 1.5
"""
