"""The public survey's address and a survey text in one language: what every invitation, email or SMS, uses.

Public links start with ``KOHTAAMO_PUBLIC_URL`` (the address customers reach the server at).
"""

import os

from django.urls import reverse

from kohtaamo.feedback.models import Invitation

DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"


def localised(texts: dict, language: str) -> str:
    """A survey text in ``language``, falling back to Finnish, then English, then any language given."""
    for code in (language, "fi", "en"):
        if texts.get(code):
            return texts[code]
    return next(iter(texts.values()), "")


def public_url() -> str:
    return os.getenv("KOHTAAMO_PUBLIC_URL", DEFAULT_PUBLIC_URL).rstrip("/")


def survey_link(invitation: Invitation, **prefill: int) -> str:
    """The public survey address of an invitation (/s/<token>/), optionally pre-filling the first question."""
    link = public_url() + reverse("feedback-public-survey", kwargs={"token": invitation.token})
    if prefill:
        link += "?" + "&".join(f"{key}={value}" for key, value in prefill.items())
    return link
