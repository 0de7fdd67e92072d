"""The customer list: how to reach each customer, when they were last in touch and what is open, in a fixed
number of queries however many customers there are, and masked for agents when the workspace says so."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kohtaamo.privacy.policy import mask_identifier
from kohtaamo.privacy.services.retention import retention_policy_set
from kohtaamo.timeline.models import Case, Customer
from kohtaamo.timeline.selectors import customer_list
from kohtaamo.workspaces.access import Actor
from tests.factories import ingest, login, record


@pytest.fixture
def matti(voima):
    ingest(
        voima,
        record(external_id="a", started_at="2026-03-01T10:00:00+02:00", case_ref="K1",
               customer={"external_id": "C-1", "name": "Matti Virtanen", "email": "matti@example.fi"}),
        record(external_id="b", started_at="2026-03-02T10:00:00+02:00", case_ref="K2",
               customer={"external_id": "C-1", "phone": "040 1234567", "email": "matti.v@example.fi"}),
        record(external_id="c", started_at="2026-09-21T07:57:00+03:00", case_ref="K3", customer={"external_id": "C-1"}),
    )  # fmt: skip
    customer = Customer.objects.get(workspace=voima, name="Matti Virtanen")
    Case.objects.filter(workspace=voima, ref="K1").update(status=Case.Status.RESOLVED)
    return customer


def _row(page: str, name: str) -> str:
    """The table row of the customer called ``name``."""
    rows = [row for row in re.findall(r"<tr>.*?</tr>", page, re.S) if f">{name}</a>" in row]
    assert len(rows) == 1, rows
    return rows[0]


def test_the_list_shows_phone_email_last_contact_and_open_cases(client, people, matti):
    login(client, people["cecilia"])
    row = _row(client.get("/w/voima/customers/").content.decode(), "Matti Virtanen")
    assert "+358401234567" in row
    assert "matti@example.fi" in row and "matti.v@example.fi" not in row  # the first email seen
    assert "21 Sep 2026, 07:57" in row  # the newest contact, on the workspace's clock
    assert re.search(r'<td class="num"><span class="badge warn">2</span></td>', row)  # K2 and K3, not resolved K1
    assert "<th>Phone</th>" in client.get("/w/voima/customers/").content.decode()


def test_a_customer_without_contacts_or_cases_reads_plainly(client, people, voima):
    Customer.objects.create(workspace=voima, name="Uusi Asiakas")
    login(client, people["cecilia"])
    row = _row(client.get("/w/voima/customers/").content.decode(), "Uusi Asiakas")
    assert "No contacts yet" in row and '<span class="muted">0</span>' in row


def test_the_list_speaks_finnish(client, people, voima, matti):
    Customer.objects.create(workspace=voima, name="Uusi Asiakas")
    login(client, people["cecilia"])
    client.post("/i18n/setlang/", {"language": "fi", "next": "/"})
    page = client.get("/w/voima/customers/").content.decode()
    assert "Viimeinen yhteydenotto" in page and "Avoimet asiat" in page
    assert "21.9.2026 klo 7.57" in _row(page, "Matti Virtanen")
    assert "Ei vielä yhteydenottoja" in _row(page, "Uusi Asiakas")


def test_agents_see_identifiers_masked_when_the_workspace_masks_them(client, people, voima, matti):
    retention_policy_set(actor=Actor.system(voima), mask_identifiers_for_agents=True)
    login(client, people["ville"])
    row = _row(client.get("/w/voima/customers/").content.decode(), "Matti Virtanen")
    assert "+358401234567" not in row and "matti@example.fi" not in row
    assert mask_identifier("phone", "+358401234567") in row and mask_identifier("email", "matti@example.fi") in row
    # searching by the number still finds the customer; it is only not shown
    assert "Matti Virtanen" in client.get("/w/voima/customers/", {"q": "040 1234567"}).content.decode()
    client.logout()
    assert "+358401234567" in _row(login(client, people["leena"]).get("/w/voima/customers/").content.decode(),
                                   "Matti Virtanen")  # fmt: skip


def _customers(voima, n: int, start: int) -> None:
    ingest(
        voima,
        *(
            record(external_id=f"x{i}-{k}", case_ref=f"R{i}-{k}", started_at=f"2026-03-0{k + 1}T09:00:00+02:00",
                   customer={"external_id": f"Q{i}", "name": f"Asiakas {i:03}", "email": f"a{i}@example.fi",
                             "phone": f"04{i:08}"})
            for i in range(start, start + n)
            for k in range(2)
        ),
    )  # fmt: skip


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/w/voima/customers/").status_code == 200
    return len(captured)


@pytest.mark.parametrize("who", ["cecilia", "ville"])
def test_thirty_customers_cost_no_more_queries_than_three(client, people, voima, who, django_assert_max_num_queries):
    retention_policy_set(actor=Actor.system(voima), mask_identifiers_for_agents=True)
    login(client, people[who])
    _customers(voima, 3, 0)
    few = _queries(client)
    _customers(voima, 27, 3)
    with django_assert_max_num_queries(few):
        page = client.get("/w/voima/customers/").content.decode()
    assert "30 customers" in page and page.count("badge warn") == 25  # a full page, each with two open cases
    with django_assert_max_num_queries(12):
        client.get("/w/voima/customers/", {"q": "asiakas"})


def test_named_customers_come_first_a_to_z_callers_known_by_a_number_after(voima):
    """The demo's first page was 25 rows of "(no name)": an empty name sorted before every other."""
    ingest(voima, record(external_id="1", customer={"phone": "+358401111111"}),
           record(external_id="2", customer={"phone": "+358402222222", "name": "Ville"}),
           record(external_id="3", customer={"phone": "+358403333333", "name": "Aino"}))  # fmt: skip
    assert [c.name for c in customer_list(actor=Actor.system(voima))] == ["Aino", "Ville", ""]
