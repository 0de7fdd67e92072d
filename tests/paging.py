"""Reading an API list or export the way an integration does: every page, following ``next_cursor``."""

import json


def pages(api, url: str) -> tuple[list[dict], int]:
    """Every item of a list, following next_cursor; and how many pages it took."""
    items, cursor, count = [], None, 0
    joiner = "&" if "?" in url else "?"
    while True:
        answer = api.get(url + (f"{joiner}cursor={cursor}" if cursor else ""))
        assert answer.status_code == 200, answer.content
        body = answer.json()
        items += body["items"]
        count += 1
        if not (cursor := body["next_cursor"]):
            return items, count


def every(api, url: str) -> list[dict]:
    """Every item of a list, following next_cursor."""
    return pages(api, url)[0]


def exported(api, url: str) -> list[dict]:
    """Every object of a JSON Lines export, checking it is one."""
    answer = api.get(url)
    assert answer.status_code == 200, answer.content
    assert answer["Content-Type"].startswith("application/x-ndjson")
    return [json.loads(line) for line in b"".join(answer.streaming_content).splitlines()]
