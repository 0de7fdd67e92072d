"""Reading a JSON request body so that no body, however odd, answers 500.

``json.loads`` raises more than ``JSONDecodeError``: ``ValueError`` for an integer past 4,300 digits and
``RecursionError`` for nesting a few thousand levels deep; each is the client's mistake, so each is a 400
with the reason. Bodies over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` never get here (``kohtaamo.api`` answers 413).
"""

import json
from typing import Any

from django.http import HttpRequest
from ninja.errors import HttpError

from kohtaamo.lib.wellformed import clean_json, nesting_deeper_than

# Deeper than any record needs (a record may nest 32 levels, lib.wellformed.MAX_DEPTH, and is rejected on
# its own past that), shallow enough that the decoder never nears the interpreter's recursion limit.
MAX_BODY_DEPTH = 512


def json_body(request: HttpRequest) -> Any:
    """The decoded JSON body; ``HttpError(400)`` naming the problem when it is not JSON we can read."""
    try:
        payload = json.loads(request.body or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise HttpError(400, f"The body is not valid JSON: {exc}") from None
    except RecursionError:
        raise HttpError(400, f"The body nests deeper than {MAX_BODY_DEPTH} levels.") from None
    except ValueError as exc:  # e.g. "Exceeds the limit (4300 digits) for integer string conversion"
        raise HttpError(400, f"The body has a number that cannot be read: {exc}") from None
    if nesting_deeper_than(payload, MAX_BODY_DEPTH):
        raise HttpError(400, f"The body nests deeper than {MAX_BODY_DEPTH} levels.")
    return payload


class BodyTextInvalid(Exception):
    """Texts in a one-object body that are not well-formed: ``errors`` maps each field path to why.

    ``kohtaamo.api`` answers it with 422 ``{"errors": {path: reason}}``, the shape webhooks answer with.
    """

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{path}: {reason}" for path, reason in errors.items()))
        self.errors = errors


def well_formed_body(request: HttpRequest) -> Any:
    """The JSON body with every text in NFC, for an endpoint that takes one object as a whole.

    A batch endpoint reads :func:`json_body` instead and lets each record be judged on its own, so one
    bad record is rejected without its neighbours.
    """
    cleaned, problems = clean_json(json_body(request))
    if problems:
        raise BodyTextInvalid(dict(problems))
    return cleaned
