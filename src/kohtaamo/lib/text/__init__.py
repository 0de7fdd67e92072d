"""Reading free text without Django: personal data, language, sentiment and topics.

:mod:`.pii` finds and masks personal data (validated by :mod:`.checksums`), :mod:`.language` tells
Finnish, Swedish and English apart, :mod:`.sentiment` scores a text from the lexicons in
:mod:`.lexicons`, :mod:`.topics` matches a keyword taxonomy by lemma (:mod:`.words`), and
:mod:`.analysis` runs them all on one text, the way ingest and ``kohtaamo text analyse`` do.
"""
