"""Secrets at rest: a JSON field stored encrypted (Fernet: AES-128-CBC with an HMAC-SHA256 seal).

The key is ``KOHTAAMO_ENCRYPTION_KEY`` or, when that is not set, one derived from ``SECRET_KEY`` (HKDF),
so a fresh install encrypts without configuration. Old keys (``KOHTAAMO_ENCRYPTION_OLD_KEYS``) still
decrypt, which is what makes rotation possible: re-save every row (``kohtaamo secrets rotate``) and the
values are sealed with the new key. A database dump alone then reveals no password or token.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "fernet:"


def _key(secret: str) -> bytes:
    """Any passphrase becomes a Fernet key: HKDF-SHA256 to 32 bytes, URL-safe base64."""
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"kohtaamo-secrets", info=b"db-secrets-v1")
    return base64.urlsafe_b64encode(derived.derive(secret.encode()))


def _fernet() -> MultiFernet:
    current = settings.KOHTAAMO_ENCRYPTION_KEY or settings.SECRET_KEY
    if not current:
        raise ImproperlyConfigured("KOHTAAMO_ENCRYPTION_KEY or SECRET_KEY is needed to keep secrets")
    old = [k.strip() for k in settings.KOHTAAMO_ENCRYPTION_OLD_KEYS if k.strip()]
    if settings.KOHTAAMO_ENCRYPTION_KEY and settings.SECRET_KEY not in old:
        old.append(settings.SECRET_KEY)  # values sealed before a key of its own was set
    return MultiFernet([Fernet(_key(k)) for k in [current, *old]])


def seal(value: dict[str, Any]) -> str:
    return PREFIX + _fernet().encrypt(json.dumps(value, ensure_ascii=False).encode()).decode()


def unseal(text: str) -> dict[str, Any]:
    if not text:
        return {}
    if not text.startswith(PREFIX):
        raise ValueError("not a sealed value")
    try:
        return json.loads(_fernet().decrypt(text[len(PREFIX) :].encode()))
    except InvalidToken:
        raise ImproperlyConfigured(
            "a stored secret cannot be decrypted: KOHTAAMO_ENCRYPTION_KEY changed without listing the old key "
            "in KOHTAAMO_ENCRYPTION_OLD_KEYS"
        ) from None


class EncryptedJSONField(models.TextField):
    """A dict of secrets, encrypted in the database and plain only in memory."""

    def from_db_value(self, value: str | None, expression: object, connection: object) -> dict[str, Any]:
        return unseal(value or "")

    def to_python(self, value: object) -> dict[str, Any]:
        if isinstance(value, dict):
            return value
        return unseal(str(value or ""))

    def get_prep_value(self, value: object) -> str:
        if isinstance(value, str) and value.startswith(PREFIX):
            return value
        return seal(dict(value or {}))  # type: ignore[call-overload]

    def value_to_string(self, obj: models.Model) -> str:
        return self.get_prep_value(self.value_from_object(obj))
