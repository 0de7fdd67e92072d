"""Reading calibration ratings from CSV: delimiters, decimal commas, missing cells, errors that name the line."""

import io
import re
from pathlib import Path

import pytest

from kohtaamo.quality.ratings_csv import read_ratings_csv


def test_read_csv_comma_text():
    text = "call,Anna,Ben,Cia\nc1,4,5,\nc2,3,NA,3\n\nc3,2.5,2,N/A\n"
    t = read_ratings_csv(text)
    assert t.units == ("c1", "c2", "c3") and t.raters == ("Anna", "Ben", "Cia")
    assert t.rows == ((4.0, 5.0, None), (3.0, None, 3.0), (2.5, 2.0, None))


def test_read_csv_semicolon_decimal_comma_bom_and_path(tmp_path):
    path = tmp_path / "ratings.csv"
    path.write_text("\ufeffpuhelu;Anna;Ben\r\nc1;4,5;5\r\nc2;;3\r\n", encoding="utf-8")
    for source in (path, str(path)):
        t = read_ratings_csv(source)
        assert t.units == ("c1", "c2") and t.raters == ("Anna", "Ben")
        assert t.rows == ((4.5, 5.0), (None, 3.0))
    t = read_ratings_csv(io.StringIO("unit\tA\tB\nx\tyes\tno\n"), numeric=False)
    assert t.rows == (("yes", "no"),)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("call,A,B\nc1,1,2\nc2,1\n", "line 3: expected 3 cells"),
        ("call,A,B\nc1,1,2\nc2,1,2,3\n", "line 3: expected 3 cells"),
        ("call,A,B\nc1,1,x\n", "line 2, rater 'B': 'x' is not a number"),
        ("call,A,B\nc1,1,inf\n", "line 2, rater 'B'"),
        ("call,A,B\nc1,1,2\nc1,2,2\n", "line 3: duplicate unit id 'c1'"),
        ("call,A,B\n,1,2\n", "line 2: empty unit id"),
        ("call,A,A\nc1,1,2\n", "line 1: duplicate rater name(s) A"),
        ("call,A,\nc1,1,2\n", "line 1: empty rater name"),
        ("call\nc1\n", "line 1: header needs"),
        ("call,A,B\n", "no rating rows"),
        ("\n\n", "empty"),
    ],
)
def test_read_csv_errors_name_the_line(text, fragment):
    with pytest.raises(ValueError) as exc:
        read_ratings_csv(text)
    assert fragment in str(exc.value)


def test_read_csv_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_ratings_csv(tmp_path / "nope.csv")


def test_quality_scoring_doc_csv_example_reads():
    doc = (Path(__file__).parents[2] / "docs" / "quality-scoring.md").read_text("utf-8")
    (csv_text,) = re.findall(r"```csv\n(.*?)```", doc, re.S)
    table = read_ratings_csv(csv_text)
    assert table.raters == ("Anna", "Ben", "Cia")
    assert table.rows[2] == (2.5, 2.0, None)
