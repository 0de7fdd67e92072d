from kohtaamo.cli import build_parser


def test_both_spellings_of_the_responses_import_are_one_command():
    parser = build_parser()
    canonical = vars(parser.parse_args(["import", "responses", "a.jsonl", "--workspace", "voima"]))
    alias = vars(parser.parse_args(["feedback", "import", "a.jsonl", "--workspace", "voima"]))
    assert canonical.pop("handler") is alias.pop("handler")
    # Only the words that chose the command differ.
    assert (canonical.pop("command"), canonical.pop("kind")) == ("import", "responses")
    assert (alias.pop("command"), alias.pop("action")) == ("feedback", "import")
    assert canonical == alias
