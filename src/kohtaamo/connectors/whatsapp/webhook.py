"""The connector's webhook path as Meta calls it: ``GET`` to verify the subscription, ``POST`` to notify.

A notification is taken only with a valid ``X-Hub-Signature-256`` (HMAC-SHA256 of the raw body with the
app secret); anything else is a 401 before the body is even read as JSON, so nothing unsigned is stored.
"""

import hmac

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed

from kohtaamo.lib.signatures import hub_signature_valid

from ..kinds import ConnectorKind
from ..models import Connector
from ..services.conversations import conversations_record
from ..webhooks import body_within_limit, error, ingested, json_of
from .payload import NotificationInvalid, notification_parse


class WhatsApp(ConnectorKind):
    kind = "whatsapp"
    setting_fields = ("phone_number_id",)
    secret_fields = ("app_secret", "verify_token")
    required = ("app_secret", "verify_token")
    receives_webhooks = True

    def webhook(self, connector: Connector, request: HttpRequest) -> HttpResponse:
        if request.method == "GET":
            return self._verify(connector, request)
        if request.method == "POST":
            return self._notify(connector, request)
        return HttpResponseNotAllowed(["GET", "POST"])

    def _verify(self, connector: Connector, request: HttpRequest) -> HttpResponse:
        """Meta's handshake: the challenge back as plain text when the verify token is ours; else 403."""
        expected = str(connector.secrets.get("verify_token") or "")
        given = request.GET.get("hub.verify_token", "")
        if request.GET.get("hub.mode") != "subscribe" or not expected:
            return HttpResponse("Not a subscription request.", status=403, content_type="text/plain")
        if not hmac.compare_digest(given.encode(), expected.encode()):
            return HttpResponse("Wrong verify token.", status=403, content_type="text/plain")
        return HttpResponse(request.GET.get("hub.challenge", "")[:1000], content_type="text/plain")

    def _notify(self, connector: Connector, request: HttpRequest) -> HttpResponse:
        body = body_within_limit(request)
        if body is None:
            return error(413, "The body is over the webhook's limit.")
        secret = str(connector.secrets.get("app_secret") or "")
        if not hub_signature_valid(body, request.headers.get("X-Hub-Signature-256"), secret):
            return error(401, "X-Hub-Signature-256 is missing or does not match the body.")
        try:
            notification = notification_parse(
                json_of(body), phone_number_id=str(connector.settings.get("phone_number_id") or "")
            )
        except (ValueError, NotificationInvalid) as invalid:
            return error(400, str(invalid))
        answer = {
            "messages": len(notification.updates),
            "statuses": notification.statuses,
            "ignored": notification.ignored,
            "rejected": notification.rejected,
        }
        return ingested(lambda: conversations_record(connector=connector, updates=notification.updates), answer)

    def summary(self, connector: Connector) -> str:
        number = connector.settings.get("phone_number_id")
        return f"{connector.webhook_path} (phone_number_id {number})" if number else connector.webhook_path
