"""The staffing calculator on the API and the command line, KPIs and plans over the API, `kohtaamo plan`."""

import csv
import io
import json

import pytest

from kohtaamo.cli import main
from tests.factories import token_for


@pytest.fixture
def run(capsys):
    def run(*argv):
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def auth(workspace) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token_for(workspace)}"}


STAFF = [
    "staff",
    "--volume",
    "100",
    "--interval-minutes",
    "30",
    "--aht-seconds",
    "180",
    "--sl",
    "0.8",
    "--sl-seconds",
    "20",
]


@pytest.mark.django_db
def test_staff_prints_one_json_object_with_the_classic_answer(run):
    code, out, _ = run(*STAFF, "--shrinkage", "0.3", "--json")
    result = json.loads(out)
    assert code == 0 and out.count("\n") == 1
    assert (result["agents"], result["scheduled"]) == (14, 20)
    assert result["service_level"] == pytest.approx(0.888, abs=1e-3)
    assert result["asa_seconds"] == pytest.approx(7.8, abs=0.05)
    assert {"occupancy", "wait_probability"} <= result.keys() and "abandonment" not in result


@pytest.mark.django_db
def test_staff_with_patience_reports_abandonment(run):
    result = json.loads(run(*STAFF, "--patience-seconds", "300", "--json")[1])
    assert result["model"] == "erlang_a" and 0 < result["abandonment"] < 0.05


@pytest.mark.django_db
def test_staff_evaluating_too_few_agents_writes_null_not_infinity(run):
    code, out, _ = run(*STAFF, "--agents", "9", "--json")
    assert code == 0 and "Infinity" not in out
    assert json.loads(out)["asa_seconds"] is None and json.loads(out)["service_level"] == 0


@pytest.mark.django_db
def test_staff_with_concurrency_uses_the_effective_handle_time(run):
    result = json.loads(run(*STAFF, "--concurrency", "2", "--json")[1])
    assert result["effective_aht_seconds"] == pytest.approx(180 / 1.7)


@pytest.mark.django_db
@pytest.mark.parametrize("bad", [["--volume", "-5"], ["--sl", "1.5"], ["--shrinkage", "1"]])
def test_staff_bad_input_is_a_clean_error_with_exit_2(run, bad):
    code, out, err = run(*STAFF, *bad, "--json")  # the later value of an option wins
    assert code == 2 and out == "" and "Traceback" not in err and "kohtaamo staff" in err


def test_the_calculate_endpoint_matches_the_cli(client, voima):
    response = client.post(
        "/api/v1/staffing/calculate",
        {"volume": 100, "interval_minutes": 30, "aht_seconds": 180, "shrinkage": {"breaks": 0.1, "absence": 0.2}},
        content_type="application/json",
        **auth(voima),
    )
    assert response.status_code == 200
    assert (response.json()["agents"], response.json()["scheduled"]) == (14, 20)


def test_the_calculate_endpoint_names_the_bad_field(client, voima):
    response = client.post(
        "/api/v1/staffing/calculate", {"volume": 100, "aht_seconds": 0}, content_type="application/json", **auth(voima)
    )
    # The schema's documented range refuses it first (pydantic's answer names the field in ``loc``).
    [error] = response.json()["detail"]
    assert response.status_code == 422 and error["loc"][-1] == "aht_seconds" and "greater than 0" in error["msg"]


def test_the_calculate_endpoint_needs_a_token(client, voima):
    response = client.post(
        "/api/v1/staffing/calculate", {"volume": 1, "aht_seconds": 1}, content_type="application/json"
    )
    assert response.status_code == 401


def test_kpis_over_the_api_are_scoped_to_the_tokens_workspace(client, voima, linkki, three_weeks):
    response = client.get(
        "/api/v1/operations/kpis?start=2026-03-02&end=2026-03-08&interval=day&by=channel", **auth(voima)
    )
    body = response.json()
    assert response.status_code == 200 and len(body["rows"]) == 7
    assert body["overall"]["offered"] == 6 * 5 + 2 * 2 and body["rows"][0]["start"].endswith("+02:00")
    other = client.get("/api/v1/operations/kpis?start=2026-03-02&end=2026-03-08", **auth(linkki)).json()
    assert other["overall"]["offered"] == 0


def test_kpis_refuse_an_unknown_interval(client, voima):
    response = client.get("/api/v1/operations/kpis?start=2026-03-02&end=2026-03-08&interval=fortnight", **auth(voima))
    assert response.status_code == 400


def test_plan_intervals_over_the_api(client, voima, linkki, plan):
    response = client.get(f"/api/v1/operations/plans/{plan.pk}/intervals", **auth(voima))
    assert response.status_code == 200 and len(response.json()["intervals"]) == 7 * 48 - 2
    assert client.get(f"/api/v1/operations/plans/{plan.pk}/intervals", **auth(linkki)).status_code == 404


def test_plan_writes_a_csv_row_per_interval(run, plan):
    code, out, err = run("plan", "--workspace", "voima", "--from", "2026-03-23", "--to", "2026-03-23")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 48 and "Base" in err
    assert rows[18]["start"] == "2026-03-23T09:00:00+02:00" and int(rows[18]["required"]) >= 1


def test_plan_filters_a_queue_and_names_unknown_ones(run, plan):
    assert run("plan", "--workspace", "voima", "--queue", "laskutus")[0] == 0
    code, _, err = run("plan", "--workspace", "voima", "--queue", "nope")
    assert code == 2 and "laskutus" in err


def test_plan_names_an_unknown_scenario(run, plan):
    code, _, err = run("plan", "--workspace", "voima", "--scenario", "Storm")
    assert code == 2 and "Base" in err
