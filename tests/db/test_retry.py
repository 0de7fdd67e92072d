"""Which database errors are worth another attempt, and how many attempts a transaction gets."""

import sqlite3

import pytest
from django.db import DatabaseError, IntegrityError, OperationalError

from kohtaamo.db.retry import StillConflicting, backoff_seconds, is_transient, with_retry


class PgError(Exception):
    def __init__(self, sqlstate: str) -> None:
        self.sqlstate = sqlstate


def wrapped(error_class: type[DatabaseError], cause: BaseException) -> DatabaseError:
    error = error_class(str(cause))
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (IntegrityError("duplicate key value violates unique constraint"), True),
        (wrapped(OperationalError, PgError("40001")), True),  # serialization failure
        (wrapped(OperationalError, PgError("40P01")), True),  # deadlock detected
        (wrapped(OperationalError, PgError("55P03")), True),  # lock timeout
        (wrapped(OperationalError, PgError("57P01")), False),  # the server shut down
        (wrapped(OperationalError, sqlite3.OperationalError("database is locked")), True),
        (wrapped(OperationalError, sqlite3.OperationalError("no such table: x")), False),
        (DatabaseError("value too long"), False),
        (ValueError("not a database error"), False),
    ],
)
def test_it_tells_transient_errors_from_real_ones(error, transient):
    assert is_transient(error) is transient


def test_a_transaction_that_loses_twice_is_tried_a_third_time():
    outcomes = [IntegrityError("race"), wrapped(OperationalError, PgError("40P01")), "stored"]
    failures, pauses = [], []

    def attempt():
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    assert with_retry(attempt, on_failure=failures.append, sleep=pauses.append) == "stored"
    assert len(failures) == 2
    assert len(pauses) == 2 and 0 < pauses[0] < pauses[1] * 2


def test_a_real_error_is_raised_at_once():
    calls = []

    def attempt():
        calls.append(1)
        raise DatabaseError("value too long")

    with pytest.raises(DatabaseError, match="too long"):
        with_retry(attempt, sleep=lambda _: None)
    assert len(calls) == 1


def test_after_the_last_attempt_it_says_when_to_come_back():
    calls = []

    def attempt():
        calls.append(1)
        raise IntegrityError("race")

    with pytest.raises(StillConflicting) as raised:
        with_retry(attempt, attempts=4, sleep=lambda _: None)
    assert len(calls) == 4
    assert raised.value.retry_after >= 1
    assert isinstance(raised.value.last, IntegrityError)


def test_the_pause_grows_and_is_capped():
    assert all(0.025 <= backoff_seconds(1) <= 0.075 for _ in range(100))
    assert all(1.0 <= backoff_seconds(12) <= 3.0 for _ in range(100))
