"""Every page and list endpoint answers junk in its query (huge page numbers, non-ASCII digits, NUL,
ids past any integer column) and in its path with a 4xx or a normal page — never a 500.

The pages come from the URL resolver, so a new page is covered the day it is added.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import login, token_for

HUGE = "99999999999999999999999"
JUNK_QUERIES = [
    {"page": "1827454975360471400448"},
    {name: "²" for name in ("page", "agent", "team", "queue", "channel", "days", "from", "to", "metric", "low",
                            "high", "plans", "segment", "group_by", "status", "step", "month", "period", "q",
                            "start", "end", "interval", "by", "journey", "persona", "dimension", "key")},
    {name: HUGE for name in ("page", "agent", "team", "queue", "low", "high", "plans", "days", "step", "journey",
                             "persona", "scorecard", "evaluator", "month", "seed")},
    {"q": "a\x00", "agent": "\x00"},
]  # fmt: skip


def _routes(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in {"admin", "api"}:
                continue
            yield from _routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _fill(route: str) -> str:
    route = route.replace("<slug:ws>", "voima")
    route = re.sub(r"<int:\w+>", HUGE, route)
    route = re.sub(r"<(?:str|slug|path):\w+>", "x", route)
    return "/" + route.lstrip("^").rstrip("$")


PAGES = sorted({_fill(route) for route in _routes(get_resolver())})


@pytest.mark.parametrize("path", PAGES)
def test_no_page_answers_500_to_junk(client, people, path):
    login(client, people["aino"])
    for query in JUNK_QUERIES:
        response = client.get(path, query)
        assert response.status_code < 500, (path, query)


def _api_gets(client, bearer):
    document = client.get("/api/v1/openapi.json", HTTP_AUTHORIZATION=bearer).json()
    for path, operations in document["paths"].items():
        if "get" in operations:
            yield re.sub(r"\{\w+\}", HUGE, path)


def test_no_api_list_or_read_answers_500_to_junk(client, voima, people):
    bearer = f"Bearer {token_for(voima)}"
    paths = list(_api_gets(client, bearer))
    assert len(paths) >= 8
    for path in paths:
        for query in JUNK_QUERIES:
            response = client.get(path, query, HTTP_AUTHORIZATION=bearer)
            assert response.status_code < 500, (path, query)
            assert response.status_code in (200, 400, 404, 422), (path, query, response.status_code)
