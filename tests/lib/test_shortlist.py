from urllib.parse import parse_qsl

from kohtaamo.lib.shortlist import shortlist

# 30 agents ranked best first; the last five have too few evaluations to compare.
AGENTS = [(f"Agent {i:02d}", i < 25) for i in range(30)]


def cut(query: dict[str, list[str]], rows=AGENTS, n=10):
    return shortlist(rows, label=lambda row: row[0], ranked=lambda row: row[1], params=query.items(), n=n)


def test_it_shows_the_top_and_bottom_of_the_ranked_rows():
    page = cut({"by": ["agent"]})
    assert [name for name, _ in page.top] == [f"Agent {i:02d}" for i in range(10)]
    assert [name for name, _ in page.bottom] == [f"Agent {i:02d}" for i in range(15, 25)]
    assert page.hidden == 10 and page.cut and page.gap_at == 10 and len(page.rows) == 20


def test_rows_with_too_few_to_compare_never_stand_at_an_end():
    page = cut({})
    assert all(ranked for _, ranked in page.rows)


def test_show_all_shows_every_row_in_order_and_keeps_the_other_parameters():
    page = cut({"by": ["agent"], "all": ["1"], "team": ["3"]})
    assert page.rows == AGENTS and not page.cut and page.showing_all and page.gap_at == -1
    assert parse_qsl(page.all_query[1:]) == [("by", "agent"), ("team", "3"), ("all", "1")]
    assert parse_qsl(page.short_query[1:]) == [("by", "agent"), ("team", "3")]


def test_a_search_finds_any_row_by_part_of_its_name_whatever_the_case():
    page = cut({"find": [" agent 2"]})
    assert [name for name, _ in page.rows] == [f"Agent {i:02d}" for i in range(20, 30)]
    assert page.hidden == 20 and page.query == "agent 2" and page.gap_at == -1
    assert ("find", " agent 2") not in page.kept


def test_a_search_that_matches_nothing_shows_nothing():
    page = cut({"find": ["zz"]})
    assert page.rows == [] and page.hidden == 30


def test_a_short_table_is_shown_whole_even_with_unranked_rows():
    page = cut({}, rows=AGENTS[20:])
    assert page.rows == AGENTS[20:] and not page.cut
