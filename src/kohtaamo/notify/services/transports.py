"""Sending one message on one channel, and saying honestly how it went.

Every transport answers with an :class:`Outcome`: *sent*, *retry* (the provider said no for now, or we
never reached it: nothing was delivered), *refused* (the provider said no for good), or *unknown* (the
message may have gone out but we did not hear back). The outbox retries only *retry*; an *unknown*
message goes to the dead-letter list for a person to check, because resending it could send it twice.
"""

import contextlib
import hashlib
import hmac
import http.client
import json
import smtplib
import ssl
import time
import urllib.error
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend

from kohtaamo import outbound
from kohtaamo.notify import events
from kohtaamo.notify.models import ChannelConfig, Delivery, NotifyChannel, WebhookSubscription
from kohtaamo.notify.wording import Message

TIMEOUT = 15.0


@dataclass(frozen=True)
class Outcome:
    kind: str  # sent, retry, refused, config (the address is not allowed), unknown
    provider_message_id: str = ""
    error: str = ""


def sent(provider_message_id: str = "") -> Outcome:
    return Outcome("sent", provider_message_id[:200])


def failed(kind: str, error: object) -> Outcome:
    return Outcome(kind, error=f"{type(error).__name__}: {error}"[:500] if not isinstance(error, str) else error[:500])


class Transport:
    """One channel's sender; kept open across a batch (one SMTP connection for many emails)."""

    def __init__(self, config: ChannelConfig) -> None:
        self.config = config
        self.options = config.options or {}
        self.secrets = config.secrets or {}

    def send(self, delivery: Delivery, message: Message) -> Outcome:
        raise NotImplementedError

    def close(self) -> None:
        """Release connections at the end of a batch."""


class LogTransport(Transport):
    """Records the message as sent and sends nothing: the demo and trying templates out."""

    def send(self, delivery: Delivery, message: Message) -> Outcome:
        return sent(f"log:{delivery.idempotency_key[:16]}")


PLACEHOLDER_TO = "kohtaamo-recipient@placeholder.invalid"
PLACEHOLDER_KEY = "kohtaamo-idempotency-key-placeholder"


class EmailTransport(Transport):
    def __init__(self, config: ChannelConfig) -> None:
        super().__init__(config)
        self.connection = None
        self.from_email = self.options.get("from_email") or settings.DEFAULT_FROM_EMAIL
        self.rendered: dict[Message, bytes] = {}

    def _connect(self) -> BaseEmailBackend:
        options = self.options
        if options.get("host"):
            return get_connection(
                "django.core.mail.backends.smtp.EmailBackend",
                host=options["host"],
                port=int(options.get("port") or 25),
                username=options.get("username") or None,
                password=self.secrets.get("password") or None,
                use_tls=bool(options.get("use_tls")),
                timeout=TIMEOUT,
            )
        return get_connection(timeout=TIMEOUT)

    def send(self, delivery: Delivery, message: Message) -> Outcome:
        if self.connection is None:
            try:
                if self.options.get("host"):
                    outbound.smtp_host_check(str(self.options["host"]), int(self.options.get("port") or 25))
                self.connection = self._connect()
                self.connection.open()
            except outbound.OutboundRefused as error:
                return failed("config", str(error))
            except (OSError, smtplib.SMTPException) as error:
                self.close()
                return failed("retry", outbound.failure_text(error))  # never reached the server: nothing was sent
        try:
            self._send(delivery, message)
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _ in error.recipients.values()]
            return failed("retry" if codes and all(400 <= c < 500 for c in codes) else "refused", error)
        except smtplib.SMTPResponseException as error:
            # The server answered: a 4xx is "try later", a 5xx is "no".
            return failed("retry" if 400 <= error.smtp_code < 500 else "refused", error)
        except (OSError, smtplib.SMTPException) as error:
            # The connection broke mid-conversation: the server may or may not have taken the message.
            self.close()
            return failed("unknown", outbound.failure_text(error))
        return sent(f"<{delivery.idempotency_key}@kohtaamo>")

    def _email(self, message: Message, to: str, key: str) -> EmailMessage:
        headers = {"Message-ID": f"<{key}@kohtaamo>", "X-Kohtaamo-Idempotency-Key": key}
        return EmailMessage(subject=message.subject, body=message.body, from_email=self.from_email, to=[to],
                            headers=headers, connection=self.connection)  # fmt: skip

    def _send(self, delivery: Delivery, message: Message) -> None:
        key = delivery.idempotency_key
        if not isinstance(self.connection, SmtpBackend) or not delivery.address.isascii():
            self._email(message, delivery.address, key).send()
            return
        # Building a MIME message costs about a millisecond; the messages of one update and language differ
        # only in recipient and ids, so the bytes are built once and the placeholders filled in.
        if message not in self.rendered:
            mime = self._email(message, PLACEHOLDER_TO, PLACEHOLDER_KEY).message()
            # SMTP wants CRLF line ends; smtplib converts them for text but sends bytes as they are.
            self.rendered[message] = mime.as_bytes(policy=mime.policy.clone(linesep="\r\n"))
        data = self.rendered[message].replace(PLACEHOLDER_TO.encode(), delivery.address.encode())
        data = data.replace(PLACEHOLDER_KEY.encode(), key.encode())
        self.connection.connection.sendmail(self.from_email, [delivery.address], data)

    def close(self) -> None:
        if self.connection is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self.connection.close()
            self.connection = None


class HttpTransport(Transport):
    """SMS providers and webhooks: a JSON POST with an Idempotency-Key header (and a signature if a secret is set)."""

    def payload(self, delivery: Delivery, message: Message) -> dict:
        if self.config.channel == NotifyChannel.SMS:
            return {"to": delivery.address, "text": message.sms, "idempotency_key": delivery.idempotency_key}
        fields = {k: v for k, v in message.fields.items() if k not in ("sign", "over")}
        return {
            "idempotency_key": delivery.idempotency_key,
            "customer": {"external_id": delivery.address},
            "language": delivery.language,
            "incident": fields,
            "subject": message.subject,
            "text": message.body,
            "short_text": message.sms,
        }

    def send(self, delivery: Delivery, message: Message) -> Outcome:
        url = self.options.get("url")
        if not url:
            return failed("refused", "no URL configured for this channel")
        body = json.dumps(self.payload(delivery, message), ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json", "Idempotency-Key": delivery.idempotency_key}
        if self.secrets.get("token"):
            headers["Authorization"] = f"Bearer {self.secrets['token']}"
        if self.secrets.get("secret"):
            digest = hmac.new(self.secrets["secret"].encode(), body, hashlib.sha256).hexdigest()
            headers["X-Kohtaamo-Signature"] = f"sha256={digest}"
        return post_outcome(url, body, headers)


def post_outcome(url: str, body: bytes, headers: dict[str, str]) -> Outcome:
    """POST through the SSRF guard, and say how it went: 429 and 5xx are *retry*, other 4xx *refused*."""
    try:
        answer = outbound.post(url, body, headers, timeout=TIMEOUT)
    except outbound.OutboundRefused as error:
        return failed("config", str(error))  # nothing was sent: the address is not allowed
    except urllib.error.HTTPError as error:
        retry = error.code == 429 or error.code >= 500
        return failed("retry" if retry else "refused", f"HTTP {error.code} {error.reason}")
    except urllib.error.URLError as error:
        # Raised while connecting or sending the request: the provider never got a whole request.
        return failed("retry", outbound.failure_text(error))
    except (TimeoutError, ConnectionError, http.client.HTTPException, ssl.SSLError) as error:
        # The request went out but the answer did not come back.
        return failed("unknown", outbound.failure_text(error))
    return sent(_provider_id(answer))


def _provider_id(answer: bytes) -> str:
    try:
        data = json.loads(answer or b"{}")
    except ValueError:
        return ""
    if isinstance(data, dict):
        return str(data.get("id") or data.get("message_id") or "")
    return ""


class AppriseTransport(Transport):
    """Any service apprise knows (push, chat apps…), with apprise's own retries off: our outbox retries.

    Apprise answers only True or False, which cannot tell "refused" from "lost on the way", so a False is
    treated as an unknown outcome and goes to review instead of being resent.
    """

    def send(self, delivery: Delivery, message: Message) -> Outcome:
        import apprise

        try:
            # apprise connects by itself; its host is resolved and checked first (a rebinding between the
            # two lookups is the remaining risk, noted in docs/security.md).
            parts = urlsplit(delivery.address)
            outbound.resolve_checked(parts.hostname or "", parts.port or 443)
        except (outbound.OutboundRefused, ValueError) as error:
            return failed("config", str(error))
        except OSError as error:
            return failed("retry", outbound.failure_text(error))
        plugin = apprise.Apprise.instantiate(delivery.address, asset=apprise.AppriseAsset(default_service_retry=0))
        if not plugin:
            return failed("refused", "apprise does not understand this URL")
        plugin.retry = 0
        try:
            ok = plugin.notify(body=message.body, title=message.subject)
        except Exception as error:  # noqa: BLE001 (a plugin's bug must not stop the batch)
            return failed("unknown", outbound.failure_text(error))
        return sent() if ok else failed("unknown", "apprise reported a failure")


class EventTransport(Transport):
    """Events to subscriptions: a signed JSON POST (``notify.events``), or a Slack/Teams alert via apprise.

    The subscription is read when sending, so a secret rotated or a subscription switched off after the
    event was queued counts; a subscription deleted or switched off dead-letters its waiting events.
    """

    def __init__(self, config: ChannelConfig) -> None:
        super().__init__(config)
        self.apprise = AppriseTransport(config)
        self.subscriptions: dict[int, WebhookSubscription | None] = {}

    def subscription(self, delivery: Delivery) -> WebhookSubscription | None:
        key = delivery.subscription_id or 0
        if key not in self.subscriptions:
            found = WebhookSubscription.objects.of(self.config.workspace).filter(pk=key, enabled=True).first()
            self.subscriptions[key] = found
        return self.subscriptions[key]

    def send(self, delivery: Delivery, message: Message) -> Outcome:
        subscription = self.subscription(delivery)
        if subscription is None:
            return failed("config", "the subscription was deleted or switched off")
        if subscription.kind != WebhookSubscription.Kind.SIGNED:
            return self.apprise.send(delivery, message)
        text = message.body
        headers = {
            "Content-Type": "application/json",
            "Idempotency-Key": delivery.idempotency_key,
            events.EVENT_HEADER: delivery.event,
            events.SIGNATURE_HEADER: events.signature(subscription.secrets.get("secret", ""), int(time.time()), text),
        }
        return post_outcome(subscription.url, text.encode(), headers)


TRANSPORTS: dict[str, type[Transport]] = {
    NotifyChannel.EMAIL: EmailTransport,
    NotifyChannel.SMS: HttpTransport,
    NotifyChannel.WEBHOOK: HttpTransport,
    NotifyChannel.APPRISE: AppriseTransport,
    NotifyChannel.EVENTS: EventTransport,
}


def transport_for(config: ChannelConfig) -> Transport:
    if config.mode == ChannelConfig.Mode.LOG:
        return LogTransport(config)
    return TRANSPORTS[config.channel](config)
