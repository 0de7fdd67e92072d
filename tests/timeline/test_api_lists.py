"""The API's lists: cursor pages that neither repeat nor skip, filters, exports, and the customer PATCH."""

import base64
import json

import pytest

from kohtaamo.timeline.models import Customer, Interaction
from kohtaamo.workspaces.services import api_token_create
from tests.factories import ingest, record
from tests.paging import exported, pages


def test_paging_while_rows_arrive_sees_every_old_row_once_and_the_new_ones_at_the_end(api, voima):
    ingest(voima, *[record(external_id=f"old-{n}") for n in range(25)])
    seen, cursor = [], None
    for n in range(20):
        url = "/api/v1/interactions?limit=4" + (f"&cursor={cursor}" if cursor else "")
        body = api.get(url).json()
        seen += [i["external_id"] for i in body["items"]]
        ingest(voima, record(external_id=f"new-{n}"))  # arrives between two pages
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen))
    assert {f"old-{n}" for n in range(25)} <= set(seen)
    assert seen[:25] == [f"old-{n}" for n in range(25)]


@pytest.mark.parametrize("sort", ["started_at", "-started_at", "updated_at", "-id"])
def test_every_sort_order_pages_through_all_rows_once_even_with_equal_values(api, voima, sort):
    same = "2026-03-02T09:00:00+02:00"
    ingest(voima, *[record(started_at=same if n % 3 else f"2026-03-0{1 + n % 5}T10:00:00+02:00") for n in range(23)])
    items, count = pages(api, f"/api/v1/interactions?limit=5&sort={sort}")
    assert count == 5 and len({i["id"] for i in items}) == 23
    keys = [(i[sort.lstrip("-")] if sort.lstrip("-") != "id" else i["id"], i["id"]) for i in items]
    assert keys == sorted(keys, reverse=sort.startswith("-"))


def test_a_cursor_of_another_sort_order_is_400(api, voima):
    ingest(voima, record(), record())
    cursor = api.get("/api/v1/interactions?limit=1").json()["next_cursor"]
    answer = api.get(f"/api/v1/interactions?limit=1&sort=started_at&cursor={cursor}")
    assert answer.status_code == 400 and "sort" in answer.json()["detail"]


def test_filters_by_customer_channel_time_window_and_update(api, voima):
    ingest(voima,
           record(external_id="a", channel="phone", started_at="2026-03-01T10:00:00+02:00",
                  customer={"external_id": "C-1"}),
           record(external_id="b", channel="chat", started_at="2026-03-02T10:00:00+02:00",
                  customer={"external_id": "C-1"}),
           record(external_id="c", channel="phone", started_at="2026-03-03T10:00:00+02:00",
                  customer={"external_id": "C-2"}))  # fmt: skip
    c1 = Customer.objects.get(identities__value="C-1").pk

    def ids(query):
        return sorted(i["external_id"] for i in api.get(f"/api/v1/interactions?{query}").json()["items"])

    assert ids(f"customer={c1}") == ["a", "b"]
    assert ids("channel=phone") == ["a", "c"]
    assert ids("from=2026-03-02T00:00:00%2B02:00&to=2026-03-03T00:00:00%2B02:00") == ["b"]
    assert ids("updated_since=2999-01-01T00:00:00Z") == []
    assert ids(f"customer={c1}&channel=chat") == ["b"]


def test_another_workspaces_ids_are_404_and_never_listed(api, voima, linkki):
    ingest(linkki, record(external_id="theirs", customer={"external_id": "L-1"}))
    theirs = Interaction.objects.get(external_id="theirs")
    assert api.get(f"/api/v1/interactions/{theirs.pk}").status_code == 404
    assert api.get(f"/api/v1/cases/{theirs.case_id}").status_code == 404
    assert api.get(f"/api/v1/customers/{theirs.customer_id}").status_code == 404
    patch = api.patch(f"/api/v1/customers/{theirs.customer_id}", data=json.dumps({"attributes": {"x": 1}}),
                      content_type="application/json")  # fmt: skip
    assert patch.status_code == 404
    assert api.get(f"/api/v1/interactions?customer={theirs.customer_id}").status_code == 404
    assert api.get("/api/v1/interactions").json()["items"] == []
    assert b"".join(api.get("/api/v1/interactions/export").streaming_content) == b""


def test_the_export_streams_every_row_as_json_lines(api, voima, monkeypatch):
    monkeypatch.setattr("kohtaamo.api_paging.EXPORT_CHUNK", 7)
    ingest(voima, *[record(channel="chat" if n % 2 else "phone") for n in range(30)])
    lines = exported(api, "/api/v1/interactions/export?channel=phone")
    assert len(lines) == 15 and {row["channel"] for row in lines} == {"phone"}
    assert [row["id"] for row in lines] == sorted(row["id"] for row in lines)


def test_cases_list_with_contacts(api, voima):
    ingest(
        voima,
        record(customer={"external_id": "C-9"}, case_ref="T-1"),
        record(customer={"external_id": "C-9"}, case_ref="T-1"),
    )
    [case] = api.get("/api/v1/cases").json()["items"]
    assert case["contacts"] == 2 and case["ref"] == "T-1"
    assert api.get(f"/api/v1/cases/{case['id']}").json()["contacts"] == 2


def patch(api, customer_id, body, **headers):
    return api.patch(f"/api/v1/customers/{customer_id}", data=json.dumps(body), content_type="application/json",
                     **headers)  # fmt: skip


def test_patch_sets_and_removes_attributes_and_records_consent_with_its_source(api, voima):
    ingest(voima, record(customer={"external_id": "C-5", "attributes": {"segment": "home", "tier": "gold"}}))
    customer = Customer.objects.get()
    answer = patch(api, customer.pk, {"attributes": {"segment": "business", "tier": None},
                                      "consent": {"service_sms": False}})  # fmt: skip
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["attributes"] == {"segment": "business"}
    assert body["consent"]["service_sms"]["value"] is False and body["consent"]["service_sms"]["source"] == "api"


@pytest.mark.parametrize(
    "body",
    [
        {"attributes": {"nested": {"a": 1}}},
        {"attributes": {"x" * 101: 1}},
        {"attributes": {"long": "y" * 1001}},
        {"consent": {"telepathy_sms": True}},
        {"consent": {"service_sms": "yes"}},
        {"attributes": {"bad": "a\u0000b"}},
    ],
)
def test_patch_refuses_bad_fields_with_422_naming_them_and_stores_nothing(api, voima, body):
    ingest(voima, record(customer={"external_id": "C-6", "attributes": {"segment": "home"}}))
    customer = Customer.objects.get()
    answer = patch(api, customer.pk, body)
    assert answer.status_code == 422, answer.content
    customer.refresh_from_db()
    assert customer.attributes == {"segment": "home"} and customer.consent == {}


def test_a_read_only_token_reads_but_cannot_patch(client, voima):
    ingest(voima, record(customer={"external_id": "C-7"}))
    customer = Customer.objects.get()
    secret = api_token_create(workspace=voima, name="bi", read_only=True)[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get("/api/v1/customers", **auth).status_code == 200
    answer = patch(client, customer.pk, {"attributes": {"a": 1}}, **auth)
    assert answer.status_code == 403 and "read-only" in answer.json()["detail"]


def forged(sort: str, value, kind=False, pk: int = 1) -> str:
    """A cursor as the API encodes one (base64url JSON), with a value the API would never have put in it."""
    text = json.dumps({"s": sort, "v": value, "d": kind, "i": pk})
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    ("sort", "cursor"),
    [
        ("id", forged("id", "2026-01-01T00:00:00+00:00", kind=True)),
        ("id", forged("id", "abc")),
        ("id", forged("id", 2**70)),
        ("id", forged("id", 1, pk=2**70)),
        ("started_at", forged("started_at", 5)),
        ("started_at", forged("started_at", "tomorrow")),
        ("started_at", forged("started_at", "0001-01-01T00:00:00+14:00", kind=True)),
        ("started_at", forged("started_at", "2026-13-01", kind="date")),
    ],
)
def test_a_made_up_cursor_is_400_whatever_it_holds(api, voima, sort, cursor):
    ingest(voima, record(), record())
    answer = api.get(f"/api/v1/interactions?sort={sort}&cursor={cursor}")
    assert answer.status_code == 400 and "cursor" in answer.json()["detail"]


@pytest.mark.parametrize(
    "query", ["from=0001-01-01T00:00:00%2B14:00", "to=9999-12-31T23:59:59-14:00", "updated_since=0001-01-01T00:00:00"]
)
def test_a_time_past_what_the_database_stores_is_400_naming_the_parameter(api, voima, query):
    answer = api.get(f"/api/v1/interactions?{query}")
    assert answer.status_code == 400
    assert answer.json()["detail"][0]["loc"][1] == query.split("=")[0]
