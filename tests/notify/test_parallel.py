"""Two workers draining the same channel at once send every message exactly once."""

import threading

import pytest
from django.db import connection

from kohtaamo.notify.models import Delivery
from kohtaamo.notify.services.channels import channel_config_set
from kohtaamo.notify.services.outbox import deliveries_drain

from .conftest import customer, outage
from .servers import SmtpServer


@pytest.mark.django_db(transaction=True)
def test_two_workers_in_parallel_never_send_twice(voima):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        # The shared-cache in-memory test database locks whole tables without waiting; a file database
        # (WAL, busy timeout) serialises the workers instead: bench/notify.py runs two workers on one.
        pytest.skip("needs PostgreSQL or a file SQLite database (KOHTAAMO_TEST_SQLITE_NAME)")
    customers = [customer(voima) for _ in range(60)]
    with SmtpServer() as smtp:
        config = channel_config_set(workspace=voima, channel="email", rate_per_second=400, quiet_hours=False,
                                    options={"host": "127.0.0.1", "port": smtp.port})  # fmt: skip
        outage(voima)
        errors: list[BaseException] = []

        def work(name: str) -> None:
            try:
                deliveries_drain(config=config, worker=name)
            except BaseException as error:  # noqa: BLE001 (reported by the test)
                errors.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=work, args=(f"worker-{i}",)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert not errors
    assert Delivery.objects.filter(status="sent").count() == len(customers)
    received = [rcpt for rcpts, _ in smtp.sink.messages for rcpt in rcpts]
    assert len(received) == len(set(received)) == len(customers)
