"""One canonical JSON text of a value, the same bytes whatever the key order: what a content hash hashes.

Stored hashes outlive releases (a re-import compares against hashes written years ago), so the bytes
must stay those of ``json`` with sorted keys, compact separators and ``ensure_ascii=False`` — the
encoder Kohtaamo first hashed with. ``orjson`` writes the same bytes about five times faster except
for two things, and those values take the old encoder:

- a float below 1e-4 (``1e-05`` in ``json``, ``0.00001`` or ``1e-5`` in ``orjson``): its text has a
  digit before ``e-``, or ``0.0000``, which the ``orjson`` output is searched for (a string holding
  either only costs the slower encoder, never a different hash);
- anything but plain JSON values (a datetime, a dataclass, a number type of numpy) and anything
  ``orjson`` refuses (an integer beyond 64 bits, a key that is not a string): ``orjson`` is asked to
  raise on those, and ``json`` writes them with ``str`` as it always did.

The test of this module compares both encoders over random values.
"""

import json
from typing import Any

import orjson

_OLD = json.JSONEncoder(sort_keys=True, separators=(",", ":"), default=str, ensure_ascii=False).encode
# orjson would write datetimes and dataclasses its own way: passed through (with no ``default``) they raise.
_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


def canonical_json(value: Any) -> bytes:
    """``value`` as sorted, compact UTF-8 JSON, byte for byte as ``json.dumps`` would write it."""
    try:
        text = orjson.dumps(value, option=_OPTIONS)
    except orjson.JSONEncodeError:
        return _OLD(value).encode()
    if _spelt_otherwise(text):
        return _OLD(value).encode()
    return text


def _spelt_otherwise(text: bytes) -> bool:
    """A float ``orjson`` spells unlike ``json`` may be in ``text``: ``0.0000…``, or a digit before ``e-``."""
    if b"0.0000" in text:
        return True
    at = text.find(b"e-")
    while at > 0:
        if text[at - 1] in b"0123456789":
            return True
        at = text.find(b"e-", at + 2)
    return False
