from datetime import date

from kohtaamo.db.bulk import bulk_insert
from kohtaamo.operations.models import Forecast
from kohtaamo.workspaces.models import Queue


def test_instances_get_their_keys_and_read_back_as_written(voima):
    queue = Queue.objects.create(workspace=voima, key="q1", name="Laskutus")
    forecasts = [
        Forecast(workspace=voima, queue=queue, channel="phone", interval_minutes=15, start_date=date(2026, 3, d),
                 days=7, volume=[1.5, 2.0], aht_seconds=[], method="test", history_days=56, backtest={"mape": 0.1})
        for d in (1, 2)
    ]  # fmt: skip
    bulk_insert(forecasts)
    assert all(f.pk and not f._state.adding for f in forecasts)
    stored = Forecast.objects.get(pk=forecasts[1].pk)
    assert stored.start_date == date(2026, 3, 2)
    assert (stored.volume, stored.aht_seconds, stored.backtest) == ([1.5, 2.0], [], {"mape": 0.1})
    assert stored.created_at is not None and stored.created_at == forecasts[1].created_at


def test_nothing_to_insert_is_fine(db):
    bulk_insert([])
