"""A bad record never costs the good ones, on every way in: property-based.

Hypothesis mixes arbitrary junk into batches of good interaction records — any JSON value, records
with one field (or one customer field) replaced by any JSON, nesting past every limit, huge and
non-finite numbers, lone surrogates, NUL, combining marks, bidi controls, astral characters — and sends
each batch through ``POST /api/v1/interactions``, ``POST /api/v1/responses`` and ``kohtaamo import``.
Every good record must be stored, every record must be either stored or reported with a named field,
and a record that is not even an object with an id must be reported.
"""

import json
import os
from itertools import count

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kohtaamo.cli import main
from kohtaamo.feedback.models import Answer
from kohtaamo.timeline.models import Interaction
from tests.factories import ingest, record, token_for

pytestmark = pytest.mark.django_db
_batches = count(1)
# KOHTAAMO_FUZZ_SCALE=10 runs ten times the examples (the figures in docs/security.md).
SCALE = int(os.getenv("KOHTAAMO_FUZZ_SCALE", "1"))
ODD_TEXT = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=()), max_size=12),  # surrogates (Cs) included
    st.sampled_from(["\ud800", "\udfff", "a\x00b", "e\u0301", "\ufeff", "\u202eabc", "\U0001d49c", "٣", "²", " "]),
)
NUMBERS = st.one_of(
    st.integers(),
    st.integers(min_value=10**20, max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([5e20, -1e308, 1e-320, 2**63, -(2**63) - 1]),
)
ANY_JSON = st.recursive(
    st.none() | st.booleans() | NUMBERS | ODD_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ODD_TEXT, inner, max_size=4),
    max_leaves=12,
)


def _nested(depth: int):
    value: object = "x"
    for _ in range(depth):
        value = [value]
    return value


DEEP = st.integers(min_value=40, max_value=400).map(_nested)
INTERACTION_FIELDS = ["external_id", "source", "channel", "direction", "started_at", "answered_at", "ended_at",
                      "agent", "queue", "team", "customer", "case_ref", "contact_reason", "outcome", "abandoned",
                      "wait_seconds", "handle_seconds", "wrap_seconds", "transcript", "recording_url",
                      "attributes"]  # fmt: skip
CUSTOMER_FIELDS = ["external_id", "email", "phone", "handle", "name", "language", "postal_code", "attributes"]


def good_interaction(batch: int, i: int) -> dict:
    return {
        "external_id": f"g{batch}-{i}",
        "channel": "phone",
        "started_at": "2026-03-02T09:00:00+02:00",
        "customer": {"external_id": f"c{batch}-{i % 3}", "name": "Äijä Öberg"},
        "transcript": [{"speaker": "agent", "text": "Hei 👋"}],
    }


@st.composite
def junk_interaction(draw, batch: int, i: int):
    """(record, must_be_rejected): pure junk must be reported; a record with one odd field may pass."""
    kind = draw(st.sampled_from(["any", "field", "customer_field", "deep"]))
    if kind == "any":
        value = draw(ANY_JSON)
        return value, not (isinstance(value, dict) and value.get("external_id"))
    base = good_interaction(batch, i) | {"external_id": f"j{batch}-{i}"}
    if kind == "deep":
        return base | {"attributes": {"deep": draw(DEEP)}}, True
    value = draw(ANY_JSON | DEEP)
    if kind == "field":
        return base | {draw(st.sampled_from(INTERACTION_FIELDS)): value}, False
    return base | {"customer": base["customer"] | {draw(st.sampled_from(CUSTOMER_FIELDS)): value}}, False


@st.composite
def interaction_batch(draw):
    batch = next(_batches)
    size = draw(st.integers(min_value=1, max_value=12))
    records, good, must_reject = [], set(), set()
    for i in range(size):
        if draw(st.booleans()):
            records.append(good_interaction(batch, i))
            good.add(i)
        else:
            record, rejected = draw(junk_interaction(batch, i))
            records.append(record)
            if rejected:
                must_reject.add(i)
    return records, good, must_reject


@pytest.fixture
def bearer(voima):
    """One token for all of a test's examples (hypothesis runs them in one test's database)."""
    return f"Bearer {token_for(voima)}"


def check_report(report: dict, records: list, good: set, must_reject: set, position: str, offset: int = 0) -> None:
    rejected = {r[position] - offset: r for r in report["rejected"]}
    assert not good & set(rejected), [rejected[i] for i in good & set(rejected)]
    assert must_reject <= set(rejected)
    for rejection in rejected.values():
        assert rejection["errors"] and all(e["field"] and e["message"] for e in rejection["errors"])
    assert report["received"] == len(records)
    stored = set(
        Interaction.objects.filter(external_id__in=[records[i]["external_id"] for i in good]).values_list(
            "external_id", flat=True
        )
    )
    assert stored == {records[i]["external_id"] for i in good}


@settings(max_examples=40 * SCALE, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=interaction_batch())
def test_the_interactions_api_stores_every_good_record_and_reports_every_bad_one(client, voima, bearer, batch):
    records, good, must_reject = batch
    body = json.dumps(records)  # NaN and Infinity become their JS spellings; Python's decoder reads them
    response = client.post("/api/v1/interactions", body, content_type="application/json", HTTP_AUTHORIZATION=bearer)
    assert response.status_code in (200, 422), response.content[:500]
    check_report(response.json(), records, good, must_reject, "index")


@settings(max_examples=12 * SCALE, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=interaction_batch())
def test_the_import_stores_every_good_line_and_rejects_every_bad_one(capsys, voima, tmp_path_factory, batch):
    records, good, must_reject = batch
    path = tmp_path_factory.mktemp("junk") / "calls.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="ascii")
    code = main(["import", "interactions", str(path), "--workspace", "voima"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and code in (0, 1), out + err
    rejects = path.with_name(path.name + ".rejects.jsonl")
    report_rejected = [json.loads(line) for line in rejects.read_text().splitlines()] if rejects.exists() else []
    report = {"received": int(out.split(" rows:")[0].split()[-1]), "rejected": report_rejected}
    check_report(report, records, good, must_reject, "line", offset=1)


KNOWN_EMAIL = "tuttu@example.fi"


@pytest.fixture
def known_customer(voima):
    """The customer the good answers name (an answer must belong to someone the workspace knows)."""
    ingest(voima, record(customer={"external_id": "tuttu", "email": KNOWN_EMAIL}))


@st.composite
def answer_batch(draw):
    batch = next(_batches)
    size = draw(st.integers(min_value=1, max_value=10))
    records, good, must_reject = [], set(), set()
    for i in range(size):
        answer = {
            "external_id": f"a{batch}-{i}",
            "type": "nps",
            "value": 9,
            "answered_at": "2026-03-02T10:00:00+02:00",
            "customer": {"email": KNOWN_EMAIL},
            "comment": "Nopea ja ystävällinen",
        }
        choice = draw(st.sampled_from(["good", "any", "field"]))
        if choice == "good":
            good.add(i)
        elif choice == "any":
            answer = draw(ANY_JSON)
            if not (isinstance(answer, dict) and answer.get("external_id")):
                must_reject.add(i)
        else:
            fields = ["external_id", "type", "scale", "value", "answered_at", "comment", "question", "language"]
            answer[draw(st.sampled_from(fields))] = draw(ANY_JSON | DEEP)
        records.append(answer)
    return records, good, must_reject


@settings(max_examples=30 * SCALE, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=answer_batch())
def test_the_responses_api_stores_every_good_answer_and_reports_every_bad_one(client, known_customer, bearer, batch):
    records, good, must_reject = batch
    response = client.post(
        "/api/v1/responses", json.dumps(records), content_type="application/json",
        HTTP_AUTHORIZATION=bearer,
    )  # fmt: skip
    assert response.status_code in (200, 422), response.content[:500]
    report = response.json()
    rejected = {r["index"] for r in report["rejected"]}
    assert not good & rejected and must_reject <= rejected, report["rejected"]
    stored = set(Answer.objects.all().values_list("external_id", flat=True))
    assert {records[i]["external_id"] for i in good} <= stored
