import pytest
from django.db import transaction
from django.utils import translation

from kohtaamo.demo import demo_build

DEMO_SCALE = 0.02


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo at a small scale, built once for the module and rolled back after it.

    Module-scoped rather than session-scoped on purpose: the demo owns the slugs "voima" and "linkki"
    that the other tests' fixtures create, so it must be gone before any other module runs. Each test
    inside still runs in its own savepoint (pytest-django's ``db``), so a test's writes do not leak.
    """
    with django_db_blocker.unblock(), translation.override("en"), transaction.atomic():
        summary = demo_build(seed=7, fresh=True, scale=DEMO_SCALE)
        yield summary
        transaction.set_rollback(True)
