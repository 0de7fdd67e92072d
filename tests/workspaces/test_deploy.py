"""Deployment hardening: no serving with the public key, a clean `check --deploy`, and the security headers."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

import kohtaamo
from kohtaamo.cli import main
from kohtaamo.cli.errors import CliError
from kohtaamo.cli.secret_key import refuse_known_secret_key

SRC = Path(kohtaamo.__file__).parent
ALL_INTERFACES = "0.0.0.0"  # noqa: S104 -- the address the refusal is about; nothing listens


@pytest.mark.django_db
@pytest.mark.parametrize("host", [ALL_INTERFACES, "192.0.2.10", "127.0.0.1"])
def test_serve_refuses_the_built_in_key_outside_the_demo(capsys, host):
    assert main(["serve", "--host", host, "--port", "1"]) == 2
    err = " ".join(capsys.readouterr().err.split())  # the console wraps long lines at its width
    assert err.startswith("kohtaamo serve: the built-in SECRET_KEY is public: set KOHTAAMO_SECRET_KEY")
    assert "Traceback" not in err


@pytest.mark.django_db
def test_the_demo_refuses_the_built_in_key_on_a_public_address(capsys):
    assert main(["demo", "--host", ALL_INTERFACES, "--port", "1"]) == 2
    assert "KOHTAAMO_SECRET_KEY" in capsys.readouterr().err


def test_the_built_in_key_is_allowed_only_for_the_demo_on_loopback(monkeypatch):
    refuse_known_secret_key("127.0.0.1", demo=True)
    refuse_known_secret_key("::1", demo=True)
    refuse_known_secret_key("localhost", demo=True)
    monkeypatch.setenv("KOHTAAMO_DEMO", "1")
    refuse_known_secret_key("127.0.0.1", demo=False)
    with pytest.raises(CliError):
        refuse_known_secret_key(ALL_INTERFACES, demo=True)


def test_an_own_key_serves_on_any_address(settings):
    settings.SECRET_KEY = secrets.token_urlsafe(50)
    refuse_known_secret_key(ALL_INTERFACES, demo=False)


def deploy_check(**env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("KOHTAAMO_")}
    environment |= {"PYTHONPATH": str(SRC.parent), "DJANGO_SETTINGS_MODULE": "kohtaamo.settings", **env}
    return subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PRODUCTION = {"KOHTAAMO_SECRET_KEY": "", "KOHTAAMO_HTTPS": "1", "KOHTAAMO_ALLOWED_HOSTS": "cx.example.fi"}


def test_production_settings_pass_the_deploy_check():
    result = deploy_check(**(PRODUCTION | {"KOHTAAMO_SECRET_KEY": secrets.token_urlsafe(50)}))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_check_fails_without_https_or_with_the_built_in_key():
    without_https = deploy_check(KOHTAAMO_SECRET_KEY=secrets.token_urlsafe(50))
    assert without_https.returncode != 0 and "SECURE_HSTS_SECONDS" in without_https.stderr
    built_in_key = deploy_check(**PRODUCTION)
    assert built_in_key.returncode != 0 and "kohtaamo.W001" in built_in_key.stderr


def test_pages_send_the_security_headers(client, db):
    response = client.get("/login/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
EVENT_ATTRIBUTE = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


def test_no_template_has_inline_script_or_event_attributes():
    offenders = []
    for path in SRC.rglob("templates/**/*.html"):
        if "/email/" in path.as_posix():
            continue  # emails are read in mail programs, not under the site's policy
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.relative_to(SRC)}: {m.group(0)[:60]}" for m in INLINE_SCRIPT.finditer(text)]
        offenders += [f"{path.relative_to(SRC)}: {m.group(0)[:60]}" for m in EVENT_ATTRIBUTE.finditer(text)]
    assert offenders == []


def test_the_inline_script_check_catches_both_kinds():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>") and not INLINE_SCRIPT.search('<script src="/a.js">')
    assert EVENT_ATTRIBUTE.search('<select onchange="this.form.submit()">')
    assert not EVENT_ATTRIBUTE.search("<select data-autosubmit>")
