"""WhatsApp webhook throughput: signed notifications through the real URL, signature checked every time.

    python bench/whatsapp.py [--deliveries 200] [--per-delivery 5] [--contacts 50]

Builds a throwaway SQLite database (or uses KOHTAAMO_DATABASE_URL), adds a WhatsApp connector, and posts
notifications in Meta's format through Django's test client (the full middleware stack, the rate limit,
the signature check, parsing, storing and ingestion). Half the messages open conversations, half grow
them; every delivery is then sent again, which must change nothing. The last line is JSON.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deliveries", type=int, default=200)
    parser.add_argument("--per-delivery", type=int, default=5)
    parser.add_argument("--contacts", type=int, default=50)
    args = parser.parse_args()
    if not os.environ.get("KOHTAAMO_DATABASE_URL"):
        os.environ["KOHTAAMO_DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kohtaamo.settings")
    os.environ["KOHTAAMO_CONNECTOR_RATE"] = "100000000"
    import django

    django.setup()
    from django.test import Client

    from kohtaamo.cli.common import migrate
    from kohtaamo.connectors.services.connectors import connector_add
    from kohtaamo.connectors.whatsapp.notifications import SentMessage, notification_build, signed
    from kohtaamo.timeline.models import Interaction
    from kohtaamo.workspaces.services import workspace_create

    migrate()
    workspace = workspace_create(slug=f"bench-{int(time.time())}", name="Bench")
    connector = connector_add(workspace=workspace, kind="whatsapp", name="WhatsApp",
                              options={"app_secret": "bench-secret", "verify_token": "v"})  # fmt: skip
    start = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    bodies = []
    for d in range(args.deliveries):
        messages = [
            SentMessage(wa_id=f"35840{(d * args.per_delivery + m) % args.contacts:07d}", name=f"Asiakas {m}",
                        message_id=f"wamid.BENCH{d:06d}{m:03d}", at=start + timedelta(seconds=d * 10 + m),
                        text=f"Viesti {d}.{m}: sähköt poikki?")
            for m in range(args.per_delivery)
        ]  # fmt: skip
        bodies.append(signed(notification_build(messages), "bench-secret"))
    client = Client(HTTP_HOST="127.0.0.1")  # a host the default ALLOWED_HOSTS accepts

    def send() -> float:
        began = time.perf_counter()
        for body, signature in bodies:
            response = client.post(connector.webhook_path, data=body, content_type="application/json",
                                   HTTP_X_HUB_SIGNATURE_256=signature)  # fmt: skip
            assert response.status_code == 200, response.content
        return time.perf_counter() - began

    first = send()
    stored = Interaction.objects.of(workspace).count()
    again = send()
    assert Interaction.objects.of(workspace).count() == stored
    total = args.deliveries * args.per_delivery
    print(f"{total} messages in {args.deliveries} deliveries: {first:.1f} s; redelivered: {again:.1f} s; "
          f"{stored} conversations")  # fmt: skip
    print(json.dumps({
        "bench": "whatsapp_webhook", "messages": total, "deliveries": args.deliveries,
        "messages_per_second": round(total / first, 1), "redelivered_messages_per_second": round(total / again, 1),
        "conversations": stored, "database": django.db.connection.vendor,
    }))  # fmt: skip


if __name__ == "__main__":
    main()
