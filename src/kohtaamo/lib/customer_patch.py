"""Changing a customer's attributes and consent from outside (the API's PATCH): what is accepted.

Attributes take a JSON merge patch (RFC 7396, one level): a key with a value sets it, a key with
``null`` removes it, keys not named stay. Values are scalars (text, number, true/false), because
segments and the incident targeting compare them as such. Consent is set per purpose and channel
(``service_sms``, ``marketing_email``, ``survey_sms``…) to true or false, or ``null`` to forget it; each
decision is stored with where it came from, as the notification policy reads it.
"""

from typing import Any

from kohtaamo.lib.wellformed import TextInvalid, clean_text

MAX_KEYS = 100
MAX_KEY = 100
MAX_VALUE = 1000
CONSENT_PURPOSES = ("service", "marketing", "survey")
CONSENT_CHANNELS = ("email", "sms", "phone", "post", "whatsapp")
CONSENT_KEYS = frozenset(f"{p}_{c}" for p in CONSENT_PURPOSES for c in CONSENT_CHANNELS)


def attributes_patched(current: dict[str, Any], patch: object) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The attributes after ``patch``, and the errors as (field, message) pairs (nothing applied if any)."""
    if not isinstance(patch, dict):
        return current, [("attributes", "must be a JSON object")]
    errors: list[tuple[str, str]] = []
    result = dict(current)
    for key, value in patch.items():
        field = f"attributes.{key}"[:120]
        try:
            name = clean_text(key)
        except TextInvalid as error:
            errors.append((field, str(error)))
            continue
        if not name or len(name) > MAX_KEY:
            errors.append((field, f"a key is 1 to {MAX_KEY} characters"))
        elif value is None:
            result.pop(name, None)
        elif isinstance(value, bool | int | float):
            result[name] = value
        elif isinstance(value, str):
            try:
                text = clean_text(value)
            except TextInvalid as error:
                errors.append((field, str(error)))
                continue
            if len(text) > MAX_VALUE:
                errors.append((field, f"at most {MAX_VALUE} characters"))
            else:
                result[name] = text
        else:
            errors.append((field, "must be text, a number, true/false or null"))
    if len(result) > MAX_KEYS:
        errors.append(("attributes", f"a customer has at most {MAX_KEYS} attributes"))
    return (current, errors) if errors else (result, [])


def consent_patched(
    current: dict[str, Any], patch: object, *, source: str, at: str
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The consent after ``patch`` (each decision recorded with ``source`` and the time ``at``), and errors."""
    if not isinstance(patch, dict):
        return current, [("consent", "must be a JSON object")]
    errors: list[tuple[str, str]] = []
    result = dict(current)
    for key, value in patch.items():
        if key not in CONSENT_KEYS:
            errors.append((f"consent.{key}"[:120], "unknown consent: use purpose_channel, e.g. service_sms"))
        elif value is None:
            result.pop(key, None)
        elif isinstance(value, bool):
            result[key] = {"value": value, "source": source, "at": at}
        else:
            errors.append((f"consent.{key}", "must be true, false or null"))
    return (current, errors) if errors else (result, [])
