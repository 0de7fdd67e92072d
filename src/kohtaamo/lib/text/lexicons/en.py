"""English sentiment lexicon."""

VALENCE = """
good 2, great 3, excellent 3, amazing 3, awesome 3, fantastic 3, wonderful 3, perfect 3, nice 2, helpful 2,
friendly 2, kind 2, polite 2, quick 1.5, quickly 1.5, fast 1.5, easy 1.5, easily 1.5, happy 2, pleased 2,
satisfied 2, glad 2, love 3, best 3, better 1.5, thank 1, thanks 0.5, appreciate 2, resolve 1.5,
resolved 1.5, solve 1.5, solved 1.5, fixed 1, smooth 1.5, smoothly 1.5, clear 1, professional 2,
recommend 2, brilliant 3, superb 3, efficient 2, reliable 2, impressed 2.5, lovely 2.5, fine 1, ok 0.3,
okay 0.3, patient 1.5, understanding 1.5, outstanding 3, pleasant 2, grateful 2, delighted 3, sorted 1,
bad -2, terrible -3, awful -3, horrible -3, poor -2, worst -3, worse -2, rude -2.5, unhelpful -2.5,
useless -2.5, slow -1.5, slowly -1, expensive -1.5, angry -2.5, annoyed -2, annoying -2, frustrated -2.5,
frustrating -2.5, disappointed -2.5, disappointing -2.5, unhappy -2.5, dissatisfied -2.5, problem -1,
issue -1, broken -2, wrong -2, error -1.5, fault -1.5, faulty -2, fail -2, failed -2, failure -2,
complaint -2, complain -2, hate -3, ridiculous -2.5, unacceptable -3, confusing -1.5, confused -1.5,
difficult -1.5, mess -2, scam -3, fraud -3, ignore -2, ignored -2, waste -2, wait -1, waiting -1,
delay -1.5, delayed -1.5, late -1, outage -1.5, unfortunately -1, sadly -1.5, sorry -0.5, lost -1.5,
overcharged -2.5, incompetent -2.5, upset -2.5, furious -3, disgusting -3, pathetic -3, joke -1,
nightmare -3, hassle -2, worried -1.5, unfair -2.5, misleading -2.5, unreliable -2, shocking -2.5,
clearly 1, immediately 1, promptly 1.5, efficiently 1.5
"""

NEGATORS = """
not no never nobody nothing none neither nor without cannot can't don't doesn't didn't isn't wasn't aren't
weren't won't wouldn't couldn't shouldn't haven't hasn't hadn't dont doesnt didnt isnt wasnt cant wont ain't
"""

INTENSIFIERS = """
very 1.3, really 1.3, extremely 1.5, so 1.2, too 1.2, totally 1.3, absolutely 1.4, incredibly 1.5, super 1.3,
completely 1.3, truly 1.3, utterly 1.5, highly 1.3, quite 1.1, slightly 0.6, somewhat 0.7, bit 0.7, fairly 0.8
"""

CONTRAST = "but however though although yet"

PHRASES = """
call again -2, call back again -2, third time -2, several times -1.5, many times -1.5, nobody answer -2.5,
no one answer -2.5, no answer -2, no reply -2, no response -2, still wait -2, still not -1.5, not work -2,
waste of time -2.5, hang up -2, take forever -2, for ages -1.5, for hours -1.5, on hold -1, no problem 1,
no worries 1, nothing to complain 1.5, thanks for wait 0, thank you for wait 0, have a nice day 0,
have a good day 0, good morning 0, good afternoon 0, good evening 0, thank you so much 1.5,
thanks a lot 1.5, thank you very much 1.5, not bad 1.5,
right away 1, straight away 1, know exactly 1.5, in minutes 1, no need to call again 1.5,
not have to call again 1.5
"""
