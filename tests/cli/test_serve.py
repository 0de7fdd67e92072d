"""`kohtaamo serve`: says it is running only once it listens; a taken port is one clear line and exit 2."""

import socket

import pytest
from waitress.server import BaseWSGIServer, MultiSocketServer

from kohtaamo.cli import main
from kohtaamo.feedback.links import public_url


@pytest.fixture
def taken_port():
    """A port something else is already listening on."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield other.getsockname()[1]


@pytest.fixture(autouse=True)
def own_secret_key(settings):
    """serve refuses the built-in key (docs/security.md); these tests are about the port, not the key."""
    settings.SECRET_KEY = "a-key-of-this-installation-for-the-serve-tests"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.django_db
def test_a_taken_port_is_one_line_naming_it_and_how_to_choose_another(taken_port, capsys):
    code = main(["serve", "--port", str(taken_port)])
    out, err = capsys.readouterr()

    assert code == 2
    assert "running" not in out  # nothing claims to be running
    message = " ".join(err.split())  # the console may wrap a long line
    assert f"port {taken_port} on 127.0.0.1 is already in use" in message
    assert f"kohtaamo serve --port {taken_port + 1}" in message
    assert "Traceback" not in err


@pytest.mark.django_db
def test_the_demo_names_its_own_ways_to_choose_another_port(taken_port, capsys, monkeypatch):
    monkeypatch.setattr("kohtaamo.demo.demo_build", lambda **kwargs: _Summary())
    code = main(["demo", "--no-worker", "--port", str(taken_port)])
    out, err = capsys.readouterr()

    assert code == 2
    assert "running" not in out
    message = " ".join(err.split())
    assert f"make demo PORT={taken_port + 1}" in message and f"kohtaamo demo --port {taken_port + 1}" in message


@pytest.mark.django_db
def test_the_demos_survey_links_point_at_its_own_port(monkeypatch):
    """`kohtaamo demo --port 8010` previewed invitations with links to :8000, where nothing answered."""
    monkeypatch.setenv("KOHTAAMO_PUBLIC_URL", "")  # so that what the command sets is undone afterwards
    monkeypatch.delenv("KOHTAAMO_PUBLIC_URL")
    monkeypatch.setattr("kohtaamo.demo.demo_build", lambda **kwargs: _Summary())
    assert main(["demo", "--no-serve", "--port", "8010"]) == 0
    assert public_url() == "http://127.0.0.1:8010"


class _Summary:
    def describe(self) -> str:
        return "Demo data already exists."


@pytest.mark.django_db
def test_it_says_it_is_running_only_once_the_port_accepts_connections(capsys, monkeypatch):
    port = free_port()
    seen = {}

    def run(server):
        # Called where the server would start serving: the address was printed, and it must answer.
        seen["printed"] = capsys.readouterr().out
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            seen["connected"] = True

    monkeypatch.setattr(BaseWSGIServer, "run", run)
    monkeypatch.setattr(MultiSocketServer, "run", run)
    code = main(["serve", "--port", str(port)])

    assert code == 0
    assert seen["printed"].count("Kohtaamo is running at") == 1
    assert f"http://127.0.0.1:{port}/" in seen["printed"]
    assert seen["connected"]
    with socket.socket() as again:  # and the server let go of the port when it stopped
        again.bind(("127.0.0.1", port))
