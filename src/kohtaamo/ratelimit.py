"""Rate limits that hold behind a proxy and across processes.

Counters live in Django's cache, which is shared by every ``kohtaamo serve`` process: the database cache
by default (a table in the same database), Redis when ``KOHTAAMO_REDIS_URL`` is set (atomic counters; the
database cache's increment is a read and a write, so under heavy concurrency a window may let a few
requests more through — the limit is a brake, not an exact count). A limit is a fixed window: at most
``limit`` hits per key per ``window`` seconds.

Limits keyed on a client's address take it from ``kohtaamo.inputs.address.client_address``, the one place
that reads a trusted proxy's header (``KOHTAAMO_PROXY_HEADER``/``KOHTAAMO_PROXY_COUNT``): a client cannot
forge its way past the limit by sending the header itself, since the proxy appends the real address after it.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse


@dataclass(frozen=True)
class Limit:
    allowed: bool
    limit: int
    remaining: int
    reset_seconds: int

    def headers(self) -> dict[str, str]:
        """The IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers)."""
        headers = {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(self.reset_seconds),
        }
        if not self.allowed:
            headers["Retry-After"] = str(self.reset_seconds)
        return headers


def hit(key: str, *, limit: int, window: int) -> Limit:
    """Count one request against ``key``; whether it is within ``limit`` for the current window."""
    now = time.time()
    slot = int(now // window)
    cache_key = f"rate:{key}:{slot}"
    cache.add(cache_key, 0, window + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, window + 1)
        count = 1
    reset = max(1, math.ceil((slot + 1) * window - now))
    return Limit(count <= limit, limit, max(0, limit - count), reset)


def _token_key(request: HttpRequest) -> str | None:
    authorization = request.headers.get("Authorization", "")
    if not authorization.lower().startswith("bearer "):
        return None
    # Keyed on a hash of the token itself: no database lookup before the limit, and unknown tokens
    # (someone guessing) are limited too.
    return "token:" + hashlib.sha256(authorization[7:].strip().encode()).hexdigest()[:32]


class ApiRateLimitMiddleware:
    """Per token on ``/api/``: ``KOHTAAMO_API_RATE`` requests a minute, RateLimit headers on every answer,
    and a JSON 429 with ``Retry-After`` past the limit. A wrong token counts too, so guessing is braked."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = _token_key(request) if request.path.startswith("/api/") else None
        if key is None:  # pages, and the API's documentation (no token: nothing to spend)
            return self.get_response(request)
        limit = hit(f"api:{key}", limit=settings.KOHTAAMO_API_RATE, window=60)
        if not limit.allowed:
            body = {"detail": f"Too many requests: at most {limit.limit} a minute; try again in "
                              f"{limit.reset_seconds} s."}  # fmt: skip
            response: HttpResponse = JsonResponse(body, status=429)
        else:
            response = self.get_response(request)
        for name, value in limit.headers().items():
            response[name] = value
        return response
