"""The connector's webhook path as Chatwoot calls it.

The unguessable path is the key; when the connector has Chatwoot's webhook secret, the signature is
required as well (``X-Chatwoot-Signature`` over ``"{X-Chatwoot-Timestamp}.{body}"``, at most five
minutes old), and anything unsigned is a 401 with nothing stored.
"""

import time

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse

from kohtaamo.lib.signatures import timestamped_signature_valid

from ..kinds import ConnectorKind
from ..models import Connector
from ..services.conversations import conversations_record
from ..webhooks import body_within_limit, error, ingested, json_of
from .payload import event_parse


class Chatwoot(ConnectorKind):
    kind = "chatwoot"
    secret_fields = ("webhook_secret",)
    receives_webhooks = True

    def webhook(self, connector: Connector, request: HttpRequest) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        body = body_within_limit(request)
        if body is None:
            return error(413, "The body is over the webhook's limit.")
        secret = str(connector.secrets.get("webhook_secret") or "")
        if secret and not timestamped_signature_valid(
            body,
            request.headers.get("X-Chatwoot-Signature"),
            request.headers.get("X-Chatwoot-Timestamp"),
            secret,
            now=time.time(),
        ):
            return error(401, "X-Chatwoot-Signature is missing, stale or does not match the body.")
        try:
            update = event_parse(json_of(body))
        except ValueError as invalid:
            return error(400, str(invalid))
        if update is None:
            return JsonResponse({"ignored": 1})
        return ingested(lambda: conversations_record(connector=connector, updates=[update]), {"ignored": 0})
