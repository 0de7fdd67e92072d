"""The automatic QA rules on crafted transcripts in Finnish, Swedish and English, positives and negatives."""

import pytest

from kohtaamo.lib.qa.autoqa import check_transcript


def conversation(*turns, step=10.0):
    """Turns as (speaker, text) or (speaker, text, at); untimed turns come ``step`` seconds apart."""
    out, at = [], 0.0
    for turn in turns:
        speaker, text, *rest = turn
        at = rest[0] if rest else at + step
        out.append({"speaker": speaker, "text": text, "at": at})
    return out


def check(transcript, **options):
    return check_transcript(transcript, **options)


@pytest.mark.parametrize(
    ("language", "greeting", "names"),
    [
        ("fi", "Hei, Voima Energia, Liisa puhelimessa.", ()),
        ("fi", "Hyvää huomenta, täällä Voiman asiakaspalvelu", ()),
        ("fi", "Huomenta, Liisa täällä", ("Liisa",)),
        ("sv", "Hej, du pratar med Anna på Voima", ()),
        ("sv", "God morgon, Voima Energia", ("Voima Energia",)),
        ("en", "Good morning, my name is Tom, how can I help?", ()),
        ("en", "Hi there, Voima Energy, Tom speaking", ("Tom",)),
    ],
)
def test_a_greeting_that_names_the_company_or_the_agent_passes(language, greeting, names):
    result = check(conversation(("agent", greeting), ("customer", "...")), language=language, names=names)
    assert result.greeting.passed is True
    assert result.greeting.evidence == 0
    assert result.greeting.matched  # the words to highlight


@pytest.mark.parametrize(
    ("greeting", "names", "evidence"),
    [
        ("Hei.", (), 0),  # a greeting, but nobody says who answers
        ("Hej!", ("Voima",), 0),
        ("Hello?", ("Tom",), 0),
        ("Mitä asiaa?", (), None),  # no greeting at all
        ("Voima Energia, Liisa", ("Voima Energia",), 0),  # a name but no greeting word
    ],
)
def test_a_greeting_without_a_name_or_a_name_without_a_greeting_fails(greeting, names, evidence):
    result = check(conversation(("agent", greeting), ("customer", "...")), names=names)
    assert result.greeting.passed is False
    assert result.greeting.evidence == evidence


def test_a_greeting_counts_only_in_the_agents_first_turns():
    late = conversation(
        ("agent", "Mitä asiaa?"),
        ("customer", "Lasku."),
        ("agent", "Selvä."),
        ("customer", "No?"),
        ("agent", "Hei, Liisa tässä, nimeni on Liisa"),
    )
    assert check(late).greeting.passed is False
    assert check(late[:2] + late[4:]).greeting.evidence == 2  # the second agent turn still counts


def test_greeting_words_match_whole_words_only():
    # "heinä" holds "hei" and "thistle" holds "this", neither is a greeting
    result = check(conversation(("agent", "Heinäkuun lasku, olen Liisa"), ("customer", "Joo")))
    assert result.greeting.passed is False


@pytest.mark.parametrize(
    "closing",
    [
        "Kiitos soitosta ja hyvää päivänjatkoa!",
        "Oliko muuta? Kuulemiin.",
        "Tack för samtalet, ha en bra dag!",
        "Hej då!",
        "Is there anything else? Have a nice day.",
        "Thanks for contacting us, goodbye.",
    ],
)
def test_a_closing_in_the_agents_last_turns_passes(closing):
    result = check(conversation(("agent", "Hei"), ("customer", "..."), ("agent", "Selvä."), ("agent", closing)))
    assert result.closing.passed is True
    assert result.closing.evidence == 3


def test_a_closing_early_in_the_conversation_does_not_count_at_the_end():
    result = check(
        conversation(
            ("agent", "Hei, kiitos soitosta"),
            ("customer", "Lasku on väärin"),
            ("agent", "Katson."),
            ("agent", "Korjasin sen."),
            ("agent", "Lähetän uuden."),
        )
    )
    assert result.closing.passed is False
    assert result.closing.evidence is None


@pytest.mark.parametrize(
    ("name", "agent_says", "word"),
    [
        ("Mikko Virtanen", "Selvä Mikko, katsotaan.", "mikko"),
        ("Mikko Virtanen", "Lähetän Mikolle uuden laskun.", "mikolle"),  # Finnish inflection
        ("Anna Lindqvist", "Tack Anna, jag kollar.", "anna"),
        ("John Smith", "Certainly, Mr Smith.", "smith"),  # the surname
        ("virtanen, mikko", "Kiitos Mikko", "mikko"),
    ],
)
def test_the_customers_name_in_an_agents_turn_passes(name, agent_says, word):
    result = check(conversation(("agent", "Hei"), ("customer", "..."), ("agent", agent_says)), customer_name=name)
    assert result.customer_name_used.passed is True
    assert result.customer_name_used.evidence == 2
    assert result.customer_name_used.matched == (word,)


def test_the_name_not_used_fails_and_an_unknown_name_does_not_apply():
    transcript = conversation(("agent", "Hei"), ("customer", "Olen Mikko"), ("agent", "Selvä, katson."))
    assert check(transcript, customer_name="Mikko Virtanen").customer_name_used.passed is False  # only he said it
    assert check(transcript, customer_name="Jussi").customer_name_used.passed is False
    assert check(transcript).customer_name_used.passed is None
    assert check(transcript, customer_name="  ").customer_name_used.passed is None


@pytest.mark.parametrize(
    ("announce", "thank"),
    [
        ("Hetki, tarkistan asian.", "Kiitos odotuksesta."),
        ("Ett ögonblick, jag kollar.", "Tack för att du väntade."),
        ("Let me check, please hold.", "Thank you for waiting."),
    ],
)
def test_a_hold_announced_and_thanked_passes(announce, thank):
    transcript = conversation(
        ("agent", "Hei", 0), ("customer", "Lasku", 5), ("agent", announce, 10), ("agent", thank, 100)
    )
    result = check(transcript, channel="phone")
    assert result.hold_announced.passed is True
    assert result.hold_announced.evidence == 2
    assert result.hold_announced.matched


def test_a_hold_after_the_customers_ok_still_finds_the_announcement():
    transcript = conversation(
        ("agent", "Hetki, katson.", 0), ("customer", "Joo.", 3), ("agent", "Kiitos odotuksesta.", 90)
    )
    assert check(transcript, channel="phone").hold_announced.evidence == 0


@pytest.mark.parametrize(
    ("announce", "thank"),
    [
        ("Selvä.", "Kiitos odotuksesta."),  # silent hold
        ("Hetki, tarkistan.", "No niin, löytyi."),  # not thanked
        ("Okej.", "Nu så."),
        ("Right.", "Thank you for waiting."),
    ],
)
def test_a_hold_not_announced_or_not_thanked_fails_on_the_turn_before_the_silence(announce, thank):
    transcript = conversation(("agent", "Hei", 0), ("customer", "X", 5), ("agent", announce, 10), ("agent", thank, 75))
    result = check(transcript, channel="phone")
    assert result.hold_announced.passed is False
    assert result.hold_announced.evidence == 2


def test_a_silence_in_a_call_after_the_customer_spoke_is_a_hold_but_in_a_chat_a_response_delay():
    transcript = conversation(("agent", "Hei", 0), ("customer", "Laskuni on väärin", 5), ("agent", "Selvä.", 300))
    assert check(transcript, channel="phone").hold_announced.passed is False
    chat = check(transcript, channel="chat")
    assert chat.hold_announced.passed is None
    assert chat.agent_max_response_seconds == 295.0


def test_no_long_silence_or_no_times_means_the_hold_check_does_not_apply():
    short = conversation(("agent", "Hei"), ("customer", "X"), ("agent", "Selvä."), step=20)
    assert check(short, channel="phone").hold_announced.passed is None
    untimed = [{"speaker": t["speaker"], "text": t["text"]} for t in short]
    assert check(untimed, channel="phone").hold_announced.passed is None


def test_one_unthanked_hold_among_good_ones_fails():
    transcript = conversation(
        ("agent", "Hetki.", 0), ("agent", "Kiitos odotuksesta.", 70), ("customer", "Ok", 75),
        ("agent", "Hetkinen, tarkistan.", 80), ("agent", "Noin.", 200),
    )  # fmt: skip
    result = check(transcript, channel="phone")
    assert (result.hold_announced.passed, result.hold_announced.evidence) == (False, 3)


def test_the_longest_response_delay_counts_from_the_first_unanswered_message_in_written_channels():
    transcript = [
        {"speaker": "customer", "text": "Hei", "at": "2026-03-01T10:00:00+02:00"},
        {"speaker": "customer", "text": "Onko ketään?", "at": "2026-03-01T10:04:00+02:00"},
        {"speaker": "agent", "text": "Hei, Liisa tässä", "at": "2026-03-01T10:07:30+02:00"},
        {"speaker": "customer", "text": "Lasku", "at": "2026-03-01T10:08:00+02:00"},
        {"speaker": "agent", "text": "Katson", "at": "2026-03-01T10:09:00+02:00"},
    ]
    assert check(transcript, channel="chat").agent_max_response_seconds == 450.0
    assert check(transcript, channel="email").agent_max_response_seconds == 450.0
    assert check(transcript, channel="phone").agent_max_response_seconds is None  # not a written channel


def test_sentiment_at_the_start_and_the_end_follow_the_customer():
    transcript = conversation(
        ("agent", "Hei, Liisa tässä"),
        ("customer", "Tämä on aivan kamalaa, lasku on taas väärin ja olen todella vihainen"),
        ("agent", "Korjaan sen."),
        ("customer", "Kiitos, tosi hyvä ja ystävällinen palvelu"),
    )
    result = check(transcript, language="fi")
    assert result.sentiment_start < 0 < result.sentiment_end
    english = conversation(("agent", "Hi"), ("customer", "This is terrible"), ("customer", "Great, thanks!"))
    result = check(english)  # the language told from the words
    assert result.sentiment_start < 0 < result.sentiment_end


def test_without_an_agent_and_a_customer_turn_nothing_applies():
    for transcript in ([], conversation(("agent", "Hei")), conversation(("customer", "Hei"), ("bot", "Hei"))):
        result = check(transcript).to_dict()
        assert all(result[name]["passed"] is None for name in ("greeting", "closing", "hold_announced"))
        assert result["sentiment_start"] is None and result["agent_max_response_seconds"] is None


def test_forbidden_phrases_fail_on_the_turn_that_says_one():
    transcript = conversation(("agent", "Hei"), ("customer", "X"), ("agent", "En tiedä, se ei kuulu minulle."))
    result = check(transcript, forbidden=["ei kuulu minulle", "not my problem"])
    assert (result.forbidden_phrases.passed, result.forbidden_phrases.evidence) == (False, 2)
    assert result.forbidden_phrases.matched == ("ei kuulu minulle",)
    assert check(transcript, forbidden=["not my problem"]).forbidden_phrases.passed is True
    assert check(transcript).forbidden_phrases.passed is None
    assert "forbidden_phrases" not in check(transcript).to_dict()


def test_example_phrases_pass_on_a_turn_alike_enough():
    transcript = conversation(("agent", "Hei"), ("customer", "X"), ("agent", "Ymmärrän hyvin, että tämä harmittaa."))
    examples = ["ymmärrän että tämä harmittaa"]
    result = check(transcript, examples=examples)
    assert (result.example_phrases.passed, result.example_phrases.evidence) == (True, 2)
    assert check(transcript, examples=["pahoittelen tilannetta kovasti"]).example_phrases.passed is False


def test_the_json_shape_of_the_command():
    result = check(conversation(("agent", "Hei, Liisa tässä, olen Liisa"), ("customer", "Moi"))).to_dict()
    assert list(result) == [
        "greeting", "closing", "customer_name_used", "hold_announced", "spelling",
        "agent_max_response_seconds", "sentiment_start", "sentiment_end",
    ]  # fmt: skip
    assert result["greeting"] == {"passed": True, "evidence": 0}
    # no dictionaries handed in: "not available", never a pass
    assert result["spelling"] == {"passed": None, "evidence": None, "misspelled": [], "words_checked": 0,
                                  "reason": "no dictionary for this language"}  # fmt: skip


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Jos tätä ei korjata, irtisanon sopimuksen", ["irtisanon"]),
        ("Harkitsen irtisanomista ja vaihdan yhtiötä", ["irtisanomista", "vaihdan yhtiötä"]),
        ("Då säger jag upp avtalet. Jag vill säga upp det", ["säga upp"]),
        ("I want to cancel my contract and speak to a supervisor", ["cancel", "supervisor"]),
    ],
)
def test_escalation_and_churn_words_in_the_customers_turns(text, words):
    from kohtaamo.lib.qa.autoqa import turns_of
    from kohtaamo.lib.qa.spotlight import escalation_in

    turns = turns_of(conversation(("agent", "Hei"), ("customer", "Moi"), ("customer", text)))
    assert escalation_in(turns) == (2, words)


@pytest.mark.parametrize(
    "text",
    ["Sopimus on voimassa", "Lasku tuli, kiitos", "Jag vill säga tack", "Can I change my address?", "Hi there"],
)
def test_ordinary_words_are_no_escalation(text):
    from kohtaamo.lib.qa.autoqa import turns_of
    from kohtaamo.lib.qa.spotlight import escalation_in

    turns = turns_of(conversation(("agent", "Irtisanon sinut"), ("customer", text)))  # the agent's words never count
    assert escalation_in(turns) == (None, [])


def test_spotlight_reasons_with_their_figures():
    from kohtaamo.lib.qa.spotlight import Signals, reasons

    quiet = Signals(0.1, 0.0, 30.0, None, [], False)
    assert reasons(quiet) == []
    loud = Signals(0.3, -0.5, 200.0, 1200.0, ["cancel"], True)
    assert [code for code, _ in reasons(loud)] == [
        "escalation", "sentiment_fell", "long_silence", "slow_response", "repeat_contact",
    ]  # fmt: skip
    assert dict(reasons(loud))["sentiment_fell"] == "+0.30 → -0.50"
    assert reasons(Signals(-0.2, -0.5, None, None, [], False)) == []  # fell, but less than the threshold
