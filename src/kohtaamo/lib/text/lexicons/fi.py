"""Finnish sentiment lexicon."""

VALENCE = """
hyvä 2, hyvin 1.5, erinomainen 3, erinomaisesti 3, loistava 3, loistavasti 3, mahtava 3, upea 3, hieno 2,
hienosti 2, kiva 2, kivasti 2, mukava 2, ystävällinen 2, ystävällisesti 2, avulias 2, avuliaasti 2, nopea 1.5,
nopeasti 1.5, tyytyväinen 2, kiitollinen 2, kiittää 1, kiitos 0.5, selkeä 1, selkeästi 1, helppo 1.5,
helposti 1.5, ratketa 1.5, ratkaista 1.5, onnistua 1.5, auttaa 1.5, asiallinen 1.5, asiallisesti 1.5,
ammattitaitoinen 2, ammattitaitoisesti 2, paras 3, parempi 1.5, ihana 3, täydellinen 3, suositella 2,
ilahduttaa 2, iloinen 2, ilo 2, huippu 3, huippuhyvä 3, sujuva 2, sujuvasti 2, sujua 1.5, kätevä 2,
luotettava 2, kohtelias 2, kohteliaasti 2, reipas 1, joustava 2, täsmällinen 1.5, ok 0.3, okei 0.3,
kelpo 1, mainio 2.5, positiivinen 2, rauhallinen 1, ymmärtäväinen 2, kärsivällinen 1.5, toimiva 1.5,
huono -2, huonosti -2, surkea -3, surkeasti -3, kamala -3, kauhea -3, hirveä -3, järkyttävä -3, ärsyttää -2,
ärsyttävä -2, vihainen -2.5, suututtaa -2.5, raivostuttaa -3, pettynyt -2.5, pettymys -2.5, pettyä -2.5,
tyytymätön -2.5, ongelma -1, vika -1.5, virhe -1.5, viallinen -2, hidas -1.5, hitaasti -1.5, kallis -1.5,
epäystävällinen -2.5, töykeä -2.5, tyly -2.5, ylimielinen -2.5, valittaa -2, valitus -2, valittaminen -2,
reklamaatio -1.5, turhauttava -2.5, turhautunut -2.5, turhauttaa -2.5, turha -1.5, sekava -1.5, vaikea -1.5,
hankala -1.5, katkos -1.5, sähkökatko -1.5, toimimaton -2, rikki -2, myöhässä -1.5, myöhästyä -1.5,
odottaa -1, odotella -1, jonottaa -1.5, epäselvä -1.5, väärä -2, väärin -2, virheellinen -2, paska -3,
perseestä -3, kurja -2, harmittaa -1.5, harmi -1.5, valitettavasti -1, petos -3, huijaus -3, huijata -3,
ikävä -1.5, ikävästi -1.5, sotku -2, kohtuuton -2.5, törkeä -3, naurettava -2.5, käsittämätön -2.5,
ala-arvoinen -3, epäpätevä -2.5, avuton -2, surullinen -2, huolestunut -1.5, huoli -1, pelottaa -1.5,
epäreilu -2.5, vitsi -1, sietämätön -3, riittämätön -2, puutteellinen -2, hukata -1.5, kadota -1.5,
ongelmallinen -1.5, häiriö -1.5, irtisanoa -1.5, kiukuttaa -2, tympeä -2, huijari -3,
hoitua 1.5, heti 1, viipymättä 1.5
"""

NEGATORS = "ei en et emme ette eivät eikä enkä etkä emmekä ettekä älä älkää ilman"

INTENSIFIERS = """
erittäin 1.5, todella 1.5, tosi 1.4, aivan 1.3, täysin 1.3, niin 1.2, super 1.4, ihan 1.2, kovin 1.3,
liian 1.3, äärimmäisen 1.6, uskomattoman 1.6, hirveän 1.5, kauhean 1.5, tavattoman 1.5, vähän 0.6,
hieman 0.6, hiukan 0.6, melko 0.8, jokseenkin 0.7, aika 0.9
"""

CONTRAST = "mutta kuitenkin silti tosin"

PHRASES = """
soittaa uudelleen -2, soittaa taas -2, soittaa jälleen -2, soitin uudelleen -2, soitin taas -2, soitin jälleen -2,
monta kertaa -1.5, kolmas kerta -2, kolmannen kerran -2, kukaan ei vastata -2.5, ei kukaan vastata -2.5,
ei vastata -1.5, ei toimia -2, ei saada -1.5, ei vieläkään -1.5, ei edelleenkään -1.5, vieläkin odottaa -2,
edelleen odottaa -2, tunnin jono -2, puoli tuntia -1, ei ongelmaa 1, ei hätää 1, ei mitään valittaa 1.5,
hyvää päivää 0, hyvää päivänjatkoa 0, hyvää viikonloppua 0, hyvää illanjatkoa 0, hyvää huomenta 0,
ei kiitos 0, kiitos odotuksesta 0, kiitos paljon 1, suuri kiitos 1.5, ihan ok 0.5, aivan ok 0.5,
soittaa uudestaan -2, soitin uudestaan -2, parissa minuutissa 1.5, muutamassa minuutissa 1.5, saman tien 1,
ei tarvita soittaa uudestaan 1.5, ei tarvita soittaa uudelleen 1.5
"""
