"""SMS replies: the inbound webhook an SMS provider calls with each message sent to the survey number.

The unguessable path (``/hooks/<token>/``) is the key. A provider posts one message per request, as JSON
(``{"from": "+358401234567", "text": "9"}``) or as a form (``from=…&text=…``); ``From``/``Body`` (Twilio's
names) and ``msisdn`` are read too. The reply is handed to feedback (``feedback.services.replies``),
which answers the invitation that went to that number; the answer is always 200 with what was done, so
the provider never retries a message that was understood (docs/integrations.md, "Surveys by SMS").
"""

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse, QueryDict

from kohtaamo.feedback.services.replies import sms_reply_receive

from ..kinds import ConnectorKind
from ..models import Connector
from ..services.health import connector_seen
from ..webhooks import body_within_limit, error, json_of

SENDER_FIELDS = ("from", "From", "msisdn", "sender")
TEXT_FIELDS = ("text", "Body", "body", "message")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _first(data: dict, names: tuple[str, ...]) -> object:
    return next((data[name] for name in names if name in data), None)


def reply_parse(data: object) -> tuple[str, str]:
    """(sender, text) of one provider message (a decoded JSON body or a form); ``ValueError`` saying what is
    missing or wrong."""
    if isinstance(data, QueryDict):
        data = {key: data.get(key) for key in data}
    if not isinstance(data, dict):
        raise ValueError("The body must be a JSON object with 'from' and 'text'.")
    sender, text = _first(data, SENDER_FIELDS), _first(data, TEXT_FIELDS)
    if not isinstance(sender, str | int) or isinstance(sender, bool) or not str(sender).strip():
        raise ValueError("'from' (the sender's phone number) is required.")
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise ValueError("'text' must be a string.")
    return str(sender)[:64], text


class SmsReplies(ConnectorKind):
    kind = "sms"
    receives_webhooks = True

    def webhook(self, connector: Connector, request: HttpRequest) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        try:
            if request.content_type in FORM_TYPES:
                # A form (read within Django's upload limit by the input guard, which checks every form).
                sender, text = reply_parse(request.POST)
            else:
                body = body_within_limit(request)
                if body is None:
                    return error(413, "The body is over the webhook's limit.")
                sender, text = reply_parse(json_of(body))
        except ValueError as invalid:
            return error(400, str(invalid))
        outcome = sms_reply_receive(workspace=connector.workspace, sender=sender, text=text)
        if outcome.result != "ignored":
            connector_seen(connector=connector)
        return JsonResponse(outcome.as_dict())
