"""The kohtaamo command, run in-process against the test database."""

import gzip
import json

import pytest

from kohtaamo.cli import main
from kohtaamo.timeline.models import Interaction
from kohtaamo.workspaces.models import ApiToken, Workspace


@pytest.fixture
def run(capsys):
    def run(*argv):
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


GOOD = {
    "external_id": "1",
    "channel": "chat",
    "started_at": "2026-03-01T10:00:00+02:00",
    "customer": {"email": "a@example.fi"},
}


@pytest.mark.django_db
def test_workspace_create_and_token_create(run):
    code, out, _ = run("workspace", "create", "voima", "--name", "Voima Sähkö")
    assert code == 0 and "voima" in out
    code, out, _ = run("token", "create", "--workspace", "voima")
    secret = out.strip()
    assert code == 0 and secret.startswith("kht_")
    assert ApiToken.objects.get().digest == ApiToken.digest_of(secret)


@pytest.mark.django_db
def test_a_duplicate_workspace_is_a_clear_error(run):
    run("workspace", "create", "voima", "--name", "Voima")
    code, _, err = run("workspace", "create", "voima", "--name", "Voima again")
    assert code == 2 and "voima" in err and "Traceback" not in err


@pytest.mark.django_db
def test_token_for_an_unknown_workspace_names_the_known_ones(run, voima):
    code, _, err = run("token", "create", "--workspace", "nope")
    assert code == 2 and "no workspace 'nope'" in err and "voima" in err


@pytest.mark.django_db
def test_init_creates_the_admin_from_the_environment(run, monkeypatch):
    from django.contrib.auth import get_user_model

    monkeypatch.setenv("KOHTAAMO_ADMIN_PASSWORD", "a-long-secret-pw")
    code, out, _ = run("init", "--admin-email", "Admin@Voima.fi")
    admin = get_user_model().objects.get()
    assert code == 0 and admin.is_superuser and admin.email == "admin@voima.fi"
    assert admin.check_password("a-long-secret-pw")
    assert run("init", "--admin-email", "admin@voima.fi")[0] == 0


@pytest.mark.django_db
def test_init_never_prompts_without_a_terminal(run, monkeypatch):
    monkeypatch.delenv("KOHTAAMO_ADMIN_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    code, _, err = run("init", "--admin-email", "admin@voima.fi")
    assert code == 2 and "KOHTAAMO_ADMIN_PASSWORD" in err


@pytest.mark.django_db
def test_import_of_a_clean_file_exits_0(run, voima, tmp_path):
    path = write_jsonl(tmp_path / "calls.jsonl", [GOOD, {**GOOD, "external_id": "2"}])
    code, out, _ = run("import", "interactions", str(path), "--workspace", "voima")
    assert code == 0 and "2 created" in out
    assert run("import", "interactions", str(path), "--workspace", "voima")[1].count("2 unchanged") == 1


@pytest.mark.django_db
def test_import_with_bad_rows_exits_1_and_writes_the_rejects(run, voima, tmp_path):
    path = tmp_path / "calls.jsonl"
    path.write_text(
        json.dumps(GOOD) + "\n{broken\n" + json.dumps({**GOOD, "external_id": "3", "channel": "fax"}) + "\n"
    )
    code, out, _ = run("import", "interactions", str(path), "--workspace", "voima")
    assert code == 1
    rejects = [json.loads(line) for line in (tmp_path / "calls.jsonl.rejects.jsonl").read_text().splitlines()]
    assert [(r["line"], r["errors"][0]["field"]) for r in rejects] == [(2, "line"), (3, "channel")]
    assert Interaction.objects.count() == 1
    assert "calls.jsonl.rejects.jsonl" in out


@pytest.mark.django_db
def test_import_of_gzipped_csv(run, voima, tmp_path):
    path = tmp_path / "calls.csv.gz"
    rows = (
        "external_id,channel,started_at,customer_email,customer_phone,customer_attr_segment,attr_campaign,transcript\n"
        "a,phone,2026-03-01T10:00:00+02:00,Matti@Example.fi,040 1234567,household,spring,"
        '"[{""speaker"": ""agent"", ""text"": ""Hei""}]"\n'
        "b,chat,2026-03-01T11:00:00+02:00,,+358401234567,,,\n"
        "c,phone,not-a-date,,,,,\n"
    )
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(rows)
    code, _, _ = run(
        "import", "interactions", str(path), "--workspace", "voima", "--rejects", str(tmp_path / "bad.jsonl")
    )
    assert code == 1
    a = Interaction.objects.get(external_id="a")
    assert a.attributes == {"campaign": "spring"}
    assert a.customer.attributes == {"segment": "household"}
    assert a.transcript[0]["text"] == "Hei"
    assert Interaction.objects.get(external_id="b").customer == a.customer
    assert json.loads((tmp_path / "bad.jsonl").read_text())["line"] == 4


@pytest.mark.django_db
def test_import_usage_errors_exit_2(run, voima, tmp_path):
    assert run("import", "interactions", str(tmp_path / "missing.jsonl"), "--workspace", "voima")[0] == 2
    other = tmp_path / "calls.xlsx"
    other.write_text("x")
    code, _, err = run("import", "interactions", str(other), "--workspace", "voima")
    assert code == 2 and ".jsonl or .csv" in err


def test_unknown_subcommand_is_a_usage_error(run):
    with pytest.raises(SystemExit) as exit_info:
        run("frobnicate")
    assert exit_info.value.code == 2


@pytest.mark.django_db
def test_user_add_gives_a_role(run, voima):
    code, out, _ = run("user", "add", "ville@voima.fi", "--workspace", "voima", "--role", "agent")
    assert code == 0
    assert Workspace.objects.get().memberships.get().role == "agent"


@pytest.mark.django_db
def test_import_responses_takes_survey_answers(run, voima, tmp_path):
    from kohtaamo.feedback.models import Answer

    path = tmp_path / "answers.jsonl"
    line = {"external_id": "a1", "customer_email": "a@example.fi", "type": "nps", "value": 9,
            "answered_at": "2026-03-02T10:00:00+02:00"}  # fmt: skip
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    code, out, _ = run("import", "responses", str(path), "--workspace", "voima")
    assert code == 0 and "1 created" in out
    assert Answer.objects.get().value == 9
