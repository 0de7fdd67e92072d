"""What a survey SMS says, and what a customer's reply to one means. Pure: no queries.

The texts are in the customer's language (Django's catalogue, switched to that language), short enough
for one or two SMS parts with the link. A reply is a score when it is a whole number the NPS scale knows,
written as people write it on a phone ("9", " 9 ", "9/10", "9."); anything else is a comment.
"""

import re

from django.utils import translation
from django.utils.translation import gettext as _

from kohtaamo.lib.identity import normalise_phone

SCORE_REPLY = re.compile(r"^\s*(\d{1,2})\s*(?:/\s*10)?\s*[.!]*\s*$")
MAX_COMMENT = 1600  # ten SMS parts: longer is not a reply, and is cut


def invitation_text(*, brand: str, question: str, link: str, language: str, reminder: bool = False) -> str:
    """The invitation (or its one reminder): with the NPS question to reply to when the survey has one."""
    with translation.override(language):
        values = {"brand": brand, "question": question.strip(), "link": link}
        if question and reminder:
            text = _("Reminder from %(brand)s: %(question)s Reply with a number 0–10, or answer here: %(link)s")
        elif question:
            text = _("%(brand)s: %(question)s Reply with a number 0–10, or answer here: %(link)s")
        elif reminder:
            text = _("Reminder from %(brand)s: we would still like to hear how we did: %(link)s")
        else:
            text = _("%(brand)s: thank you for contacting us. Please tell us how we did: %(link)s")
        return " ".join((text % values).split())


def reply_score(text: str) -> int | None:
    """The score 0–10 a reply gives, or None when it is not one ("11", "9 but slow", "yes")."""
    match = SCORE_REPLY.match(text or "")
    if match is None:
        return None
    value = int(match.group(1))
    return value if value <= 10 else None


def sender_number(raw: object) -> str | None:
    """The sender as E.164 (a provider may send ``358401234567`` without the plus), None when not a number."""
    text = str(raw or "").strip()
    if not text:
        return None
    if text.isdigit() and not text.startswith("0"):
        text = "+" + text
    return normalise_phone(text)


def comment_text(text: str) -> str:
    """The reply as a comment: trimmed, cut at ``MAX_COMMENT``, without NUL (which PostgreSQL refuses)."""
    return (text or "").replace("\x00", "").strip()[:MAX_COMMENT]


def delivery_for(*, chosen: str, preferred_channel: str, email: str, phone: str) -> str:
    """How to send an invitation: "email" or "sms".

    The rule's choice when the customer has that address, else the other one they have; a rule that
    leaves it to the customer sends an SMS to those who prefer SMS and have a number, else email when
    there is an address, else SMS. With neither address it is "email", which then fails as "no email address".
    """
    have = {"email": bool(email), "sms": bool(phone)}
    if chosen in have:
        other = "sms" if chosen == "email" else "email"
        return chosen if have[chosen] or not have[other] else other
    if preferred_channel == "sms" and phone:
        return "sms"
    return "email" if email or not phone else "sms"
