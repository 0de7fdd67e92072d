"""The operations fixtures (a plan over three weeks of calls) for the upload limit's test."""

from tests.operations.conftest import ingest_calls, plan, three_weeks  # noqa: F401 - fixtures
