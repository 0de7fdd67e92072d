"""A page shows durations, timestamps and case ids as people read them, in each language and time zone."""

import pytest

from kohtaamo.timeline.models import Interaction
from tests.factories import ingest, login, record


@pytest.fixture
def call(voima):
    ingest(
        voima,
        record(external_id="call-1", channel="phone", started_at="2026-09-21T04:57:00Z", wait_seconds=45,
               handle_seconds=954, wrap_seconds=3900, contact_reason="invoice"),
    )  # fmt: skip
    return Interaction.objects.get(workspace=voima, external_id="call-1")


def page(client, interaction, language):
    return client.get(
        f"/w/{interaction.workspace.slug}/interactions/{interaction.pk}/", HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()


@pytest.mark.parametrize(
    ("language", "moment", "handle", "wrap"),
    [
        ("fi", "21.9.2026 klo 7.57", "15 min 54 s", "1 h 5 min"),
        ("sv", "2026-09-21 07:57", "15 min 54 s", "1 tim 5 min"),
        ("en", "21 Sep 2026, 07:57", "15 min 54 s", "1 h 5 min"),
    ],
)
def test_the_interaction_page_reads_as_people_read(client, people, call, language, moment, handle, wrap):
    login(client, people["kalle"])
    html = page(client, call, language)
    assert moment in html
    assert f"<dd>{handle}</dd>" in html
    assert f"<dd>{wrap}</dd>" in html
    assert "<dd>45 s</dd>" in html
    assert f"<dd>{call.case.pk} · " not in html  # the bare number is never shown ...
    assert f"<dd>#{call.case.pk} · " in html  # ... the case id always has its one form


def test_times_are_on_the_workspaces_clock(client, people, call, voima):
    voima.time_zone = "Europe/Stockholm"
    voima.save(update_fields=["time_zone"])
    login(client, people["kalle"])
    assert "2026-09-21 06:57" in page(client, call, "sv")
