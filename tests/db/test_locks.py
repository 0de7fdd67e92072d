import threading

import pytest
from django.db import OperationalError, connection, transaction

from kohtaamo.db.locks import advisory_lock, update_locked
from kohtaamo.db.retry import is_transient
from kohtaamo.timeline.models import Customer


def test_it_updates_exactly_the_selected_rows_and_says_which(voima, linkki):
    mine = [Customer.objects.create(workspace=voima, name=f"A{i}", language="fi") for i in range(3)]
    other = Customer.objects.create(workspace=linkki, name="B", language="fi")
    taken = update_locked(Customer.objects.filter(workspace=voima, name__in=["A0", "A2"]), language="sv")
    assert taken == {mine[0].pk, mine[2].pk}
    assert dict(Customer.objects.values_list("pk", "language")) == {
        mine[0].pk: "sv",
        mine[1].pk: "fi",
        mine[2].pk: "sv",
        other.pk: "fi",
    }


def test_an_empty_selection_updates_nothing(voima):
    assert update_locked(Customer.objects.filter(workspace=voima), name="x") == set()


@pytest.mark.django_db(transaction=True)
def test_a_named_lock_makes_a_second_transaction_wait_and_then_give_up():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's IMMEDIATE transactions are the lock there")
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        try:
            with transaction.atomic():
                advisory_lock("test.lock", 7)
                held.set()
                release.wait(10)
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(10)
        with pytest.raises(OperationalError) as waited, transaction.atomic():
            advisory_lock("test.lock", 7, timeout_seconds=0.2)
        assert is_transient(waited.value)
        with transaction.atomic():  # another key of the same name is free
            advisory_lock("test.lock", 8, timeout_seconds=0.2)
    finally:
        release.set()
        holder.join(10)
    with transaction.atomic():  # released with the holder's transaction
        advisory_lock("test.lock", 7, timeout_seconds=1)


@pytest.mark.django_db(transaction=True)
def test_a_named_lock_outside_a_transaction_is_refused():
    if connection.vendor != "postgresql":
        pytest.skip("a no-op on SQLite")
    with pytest.raises(RuntimeError):
        advisory_lock("test.lock", 1)
