"""The API fuzzed from its own OpenAPI document (schemathesis): no 5xx, and every answer is one the document lists.

Each operation of ``/api/v1`` is one test: schemathesis generates requests from the document (valid ones and
deliberately broken ones), sends them through the real WSGI application with a token of a workspace that holds
a few customers and interactions, and checks each answer: not a server error, a status code the operation
documents, a body that matches the documented schema for that code and a content type that matches.
Destructive operations (erase, delete) are fuzzed like the others; each test runs in its own transaction, so
what one erases is back for the next. ``derandomize`` makes a run repeatable, and a small ``max_examples``
keeps the whole file within a couple of minutes on a CI machine.
"""

import json
import logging
import os
from collections import Counter

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from kohtaamo.api import api
from kohtaamo.wsgi import application
from tests import factories

# Keys as the served document has them (django-ninja mixes int and str status codes in the dict).
schema = schemathesis.openapi.from_dict(json.loads(json.dumps(api.get_openapi_schema())))
schema.app = application

# 12 examples an operation keeps CI quick; KOHTAAMO_FUZZ_EXAMPLES=100 is a deeper run of the same test.
EXAMPLES = int(os.getenv("KOHTAAMO_FUZZ_EXAMPLES", "12"))
ANSWERS: Counter[int] = Counter()  # status code → requests, printed at the end of the module (pytest -s)

CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
]


@pytest.fixture
def token(db, settings):
    """A full token of a workspace with three customers, an interaction each, for the reads to find."""
    settings.KOHTAAMO_API_RATE = 1_000_000  # the fuzzer is one client sending hundreds of requests a minute
    voima = factories.workspace()
    factories.ingest(voima, *(factories.record() for _ in range(3)))
    return factories.token_for(voima)


@pytest.fixture
def in_test_transaction():
    """Keep the test's database connection across requests, as Django's test client does.

    The WSGI handler closes "old" connections at the start and end of each request; inside the test's
    transaction that would close it and lose the fixture's data.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(scope="module", autouse=True)
def figures():
    """Print what was sent, for docs/security.md: operations, cases and the answers' status codes.

    Django logs every 4xx as a warning; thousands of them would bury the answer. A 5xx is still logged.
    """
    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.ERROR)
    yield
    request_log.setLevel(level)
    operations = sum(1 for _ in schema.get_all_operations())
    print(f"\nAPI fuzz: {operations} operations, {ANSWERS.total()} cases, answers {dict(sorted(ANSWERS.items()))}")


@schema.parametrize()
@hypothesis_settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_every_operation_answers_as_documented(case, token, in_test_transaction):
    response = case.call(headers={"Authorization": f"Bearer {token}"})
    ANSWERS[response.status_code] += 1
    case.validate_response(response, checks=CHECKS)
