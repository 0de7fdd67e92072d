"""A separate process that uses the database KOHTAAMO_DATABASE_URL names, as the running app would.

``python -m tests.cli.backup_writer`` fills it through the real services (workspaces, people, a token,
interactions with transcripts, an audit event); ``--keep-writing STOPFILE`` instead goes on ingesting
one interaction per transaction into the filled database until STOPFILE exists, so a backup can be taken
while it writes.
Driven by tests/cli/test_backup.py.
"""

import argparse
import os
from pathlib import Path


def fill() -> object:
    from kohtaamo.privacy.services.audit import audit_record
    from tests import factories

    voima = factories.workspace("voima", "Voima Sähkö")
    linkki = factories.workspace("linkki", "Linkki Telecom")
    people = factories.team_of_voima(voima, linkki)
    factories.token_for(voima)
    transcript = [
        {"at": 0, "speaker": "customer", "text": "Laskuni on väärin, hei"},
        {"at": 5, "speaker": "agent", "text": "Katsotaan yhdessä — ett ögonblick"},
    ]
    factories.ingest(voima, *[factories.record(transcript=transcript) for _ in range(60)])
    factories.ingest(linkki, *[factories.record(channel="chat") for _ in range(20)])
    audit_record(workspace=voima, user=people["aino"], action="customer.view", object_type="customer", object_id=1)
    return voima


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep-writing", type=Path, metavar="STOPFILE")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kohtaamo.settings")
    import django

    django.setup()
    from tests import factories

    if args.keep_writing is None:
        fill()
        print("ready", flush=True)
        return
    from kohtaamo.workspaces.models import Workspace

    voima = Workspace.objects.get(slug="voima")
    print("ready", flush=True)
    written = 0
    while not args.keep_writing.exists():
        factories.ingest(voima, factories.record(customer={"email": f"kirjoittaja{written}@example.fi"}))
        written += 1
    print(f"wrote {written}", flush=True)


if __name__ == "__main__":
    main()
