"""A batch that cannot get its turn is answered 503 with Retry-After, JSON, and nothing stored."""

import json
import threading

import pytest
from django.db import connection, transaction

from kohtaamo.db.locks import advisory_lock
from kohtaamo.timeline import ingest
from kohtaamo.timeline.models import Interaction
from tests.factories import record, token_for


@pytest.mark.django_db(transaction=True)
def test_a_batch_that_keeps_waiting_for_another_writer_gets_503_with_retry_after(client, voima, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("on SQLite the writer waits for the database's write lock (busy_timeout) instead")
    monkeypatch.setattr(ingest, "LOCK_WAIT_SECONDS", 0.1)
    monkeypatch.setattr(ingest, "ATTEMPTS", 2)
    held, release = threading.Event(), threading.Event()

    def another_writer() -> None:
        try:
            with transaction.atomic():
                advisory_lock(ingest.INGEST_LOCK, voima.pk)
                held.set()
                release.wait(20)
        finally:
            connection.close()

    holder = threading.Thread(target=another_writer)
    holder.start()
    try:
        assert held.wait(10)
        response = client.post(
            "/api/v1/interactions",
            data=json.dumps([record(external_id="busy-1"), record(external_id="busy-2")]),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token_for(voima)}",
        )
    finally:
        release.set()
        holder.join(20)
    assert response.status_code == 503
    assert int(response["Retry-After"]) >= 1
    body = response.json()
    assert body["retry_after"] == int(response["Retry-After"])
    assert "try again" in body["detail"]
    assert not Interaction.objects.filter(external_id__startswith="busy-").exists()
    # Once the other writer is done, the same batch goes through.
    again = client.post(
        "/api/v1/interactions",
        data=json.dumps([record(external_id="busy-1"), record(external_id="busy-2")]),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token_for(voima)}",
    )
    assert again.status_code == 200 and again.json()["created"] == 2
