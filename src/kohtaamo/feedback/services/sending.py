"""Sending due invitations by email through Django's email backend (SMTP in production).

Until the notification layer exists, this is the delivery path. The SMTP server is read from
``KOHTAAMO_EMAIL_HOST``, ``_PORT``, ``_USER``, ``_PASSWORD`` (or ``_PASSWORD_FILE``), ``_USE_TLS`` and the
sender from ``KOHTAAMO_EMAIL_FROM``; public links start with ``KOHTAAMO_PUBLIC_URL``.
"""

import os
from dataclasses import dataclass
from datetime import datetime
from smtplib import SMTPException

from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from kohtaamo.feedback.models import Invitation
from kohtaamo.lib.cxmetrics import get_scale
from kohtaamo.workspaces.models import Workspace

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
    """The public survey address of an invitation, optionally pre-filling the first question."""
    link = public_url() + reverse("feedback-public-survey", kwargs={"token": invitation.token})
    if prefill:
        link += "?" + "&".join(f"{key}={value}" for key, value in prefill.items())
    return link


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


def invitation_message(invitation: Invitation) -> EmailMultiAlternatives:
    """The email in the customer's language, with one-click score links for the first question."""
    first = invitation.survey.questions.first()
    context = {
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


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    without_address: int = 0


def invitations_send(*, workspace: Workspace, now: datetime | None = None, limit: int = 1000) -> SendReport:
    """Email the workspace's due, unexpired invitations; one failure never stops the others."""
    now = now or timezone.now()
    report = SendReport()
    due = (
        Invitation.objects.of(workspace)
        .filter(status=Invitation.Status.PENDING, send_after__lte=now, expires_at__gt=now)
        .select_related("survey", "workspace")[:limit]
    )
    connection = email_connection()
    for invitation in due:
        if not invitation.email:
            invitation.status, invitation.error = Invitation.Status.FAILED, "no email address"
            report.without_address += 1
        else:
            try:
                connection.send_messages([invitation_message(invitation)])
            except (SMTPException, OSError) as error:
                invitation.status, invitation.error = Invitation.Status.FAILED, str(error)[:300]
                report.failed += 1
            else:
                invitation.status, invitation.sent_at, invitation.error = Invitation.Status.SENT, now, ""
                report.sent += 1
        invitation.save(update_fields=["status", "sent_at", "error"])
    return report
