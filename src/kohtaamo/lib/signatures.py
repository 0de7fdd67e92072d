"""Checking that a webhook was signed by the platform that says it sent it (HMAC-SHA256, constant time).

Meta signs the raw body with the app secret (``X-Hub-Signature-256: sha256=<hex>``); Chatwoot signs
``"{timestamp}.{body}"`` with the webhook's secret (``X-Chatwoot-Signature: sha256=<hex>`` beside
``X-Chatwoot-Timestamp``), so an old delivery cannot be replayed past ``max_age`` seconds.
"""

import hashlib
import hmac


def sha256_signature(secret: str, message: bytes) -> str:
    """``sha256=<hex>``: the form both platforms send."""
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def hub_signature_valid(body: bytes, header: str | None, secret: str) -> bool:
    """Meta's ``X-Hub-Signature-256`` over the raw body; a missing secret or header is never valid."""
    if not secret or not header:
        return False
    return hmac.compare_digest(sha256_signature(secret, body).encode(), header.strip().encode())


def timestamped_signature_valid(
    body: bytes, header: str | None, timestamp: str | None, secret: str, *, now: float, max_age: int = 300
) -> bool:
    """Chatwoot's signature over ``"{timestamp}.{body}"``, and the timestamp within ``max_age`` of ``now``."""
    if not secret or not header or not timestamp or not timestamp.strip().isdigit():
        return False
    if abs(now - int(timestamp.strip())) > max_age:
        return False
    expected = sha256_signature(secret, timestamp.strip().encode() + b"." + body)
    return hmac.compare_digest(expected.encode(), header.strip().encode())
