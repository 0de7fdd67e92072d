"""Invitation emails: the message in the customer's language and the SMTP connection it goes through.

The SMTP server is read from ``KOHTAAMO_EMAIL_HOST``, ``_PORT``, ``_USER``, ``_PASSWORD`` (or
``_PASSWORD_FILE``), ``_USE_TLS`` and the sender from ``KOHTAAMO_EMAIL_FROM``.
"""

import os
from smtplib import SMTPException

from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django.utils import translation

from kohtaamo.feedback.links import localised, survey_link
from kohtaamo.feedback.models import Invitation
from kohtaamo.lib.cxmetrics import get_scale


def _secret(name: str) -> str | None:
    path = os.getenv(f"{name}_FILE")
    if path:
        with open(path, encoding="utf-8") as handle:
            return handle.read().strip()
    return os.getenv(name)


def email_connection() -> BaseEmailBackend:
    """Django's configured email backend, pointed at the KOHTAAMO_EMAIL_* server when one is given."""
    options = {}
    if os.getenv("KOHTAAMO_EMAIL_HOST"):
        options = {
            "host": os.getenv("KOHTAAMO_EMAIL_HOST"),
            "port": int(os.getenv("KOHTAAMO_EMAIL_PORT", "587")),
            "username": os.getenv("KOHTAAMO_EMAIL_USER"),
            "password": _secret("KOHTAAMO_EMAIL_PASSWORD"),
            "use_tls": os.getenv("KOHTAAMO_EMAIL_USE_TLS", "true").lower() in {"1", "true", "yes", "on"},
            "timeout": 30,
        }
    return get_connection(**options)


def score_links(invitation: Invitation) -> list[tuple[int, str]]:
    """(score, link) for every point of the first question when it is scored: one click pre-fills it."""
    questions = list(invitation.survey.questions.all()[:1])
    if not questions or not questions[0].is_scored:
        return []
    first = questions[0]
    scale = get_scale(first.scale)
    return [(v, survey_link(invitation, **{first.key: v})) for v in range(scale.low, scale.high + 1)]


def invitation_message(invitation: Invitation, *, reminder: bool = False) -> EmailMultiAlternatives:
    """The email (or its reminder) in the customer's language, with one-click score links for the first question."""
    first = invitation.survey.questions.first()
    context = {
        "reminder": reminder,
        "invitation": invitation,
        "workspace": invitation.workspace,
        "question": localised(first.text, invitation.language) if first else "",
        "scores": score_links(invitation),
        "link": survey_link(invitation),
    }
    with translation.override(invitation.language):
        subject = render_to_string("feedback/email/subject.txt", context).strip()
        text = render_to_string("feedback/email/invitation.txt", context)
        html = render_to_string("feedback/email/invitation.html", context)
    sender = os.getenv("KOHTAAMO_EMAIL_FROM", "kohtaamo@localhost")
    message = EmailMultiAlternatives(subject, text, sender, [invitation.email])
    message.attach_alternative(html, "text/html")
    return message


def email_send(connection: BaseEmailBackend, message: EmailMultiAlternatives) -> str:
    """Send one email; "" or the failure's text."""
    try:
        connection.send_messages([message])
    except (SMTPException, OSError) as error:
        return str(error)[:300] or type(error).__name__
    return ""
