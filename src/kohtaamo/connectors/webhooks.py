"""What every webhook answers the same way: JSON errors, the body within its limit, a busy workspace."""

import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

from kohtaamo.timeline.ingest import IngestBusy, IngestReport

# A platform's notification is a few kilobytes; a megabyte is generous and keeps a flood cheap to refuse.
MAX_BODY_BYTES = 1024 * 1024


def error(status: int, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status)


def body_within_limit(request: HttpRequest) -> bytes | None:
    """The raw body, or None when it is (or says it is) over :data:`MAX_BODY_BYTES`."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_BODY_BYTES:
        return None
    body = request.body
    return body if len(body) <= MAX_BODY_BYTES else None


def json_of(body: bytes) -> Any:
    """The decoded body; ``ValueError`` with the reason when it is not JSON we can read."""
    try:
        return json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"The body is not valid JSON: {exc}") from None
    except (ValueError, RecursionError):
        raise ValueError("The body is JSON too large or too deep to read.") from None


def ingested(store: Callable[[], IngestReport], answer: dict[str, Any]) -> HttpResponse:
    """Run ``store`` and answer 200 with ``answer`` and the report; 503 with Retry-After when busy."""
    try:
        report = store()
    except IngestBusy as busy:
        response = JsonResponse({"detail": str(busy), "retry_after": busy.retry_after}, status=503)
        response["Retry-After"] = str(busy.retry_after)
        return response
    answer |= {"created": report.created, "updated": report.updated, "unchanged": report.unchanged}
    if report.rejected:
        answer["rejected_records"] = [r.as_dict() for r in report.rejected]
    return JsonResponse(answer)
