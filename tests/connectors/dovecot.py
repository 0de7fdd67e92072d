"""A real Dovecot IMAP server on loopback, started by the test with its own config and passwd-file.

Debian's ``dovecot-imapd`` (``.ci/run`` installs it); it listens on a free port of 127.0.0.1 with plain
IMAP and STARTTLS (a certificate made for 127.0.0.1, which the test's TLS context trusts). Mail is put in
with IMAP ``APPEND``, the way any client files a message.
"""

import imaplib
import os
import pwd
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from datetime import UTC, datetime, timedelta
from ipaddress import IPv4Address
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER, PASSWORD = "asiakaspalvelu@voima.fi", "imap-test-password"

CONFIG = """
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = yes
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{root}/mail/%u
first_valid_uid = 1
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _certificate(root: Path) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(IPv4Address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    (root / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (root / "key.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )


class Dovecot:
    def __init__(self, extra: str = "") -> None:
        self.extra = extra  # more configuration, e.g. a CAPABILITY without IDLE
        self.root = Path(tempfile.mkdtemp(prefix="kohtaamo-dovecot-"))
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Dovecot":
        os.chmod(self.root, 0o755)  # noqa: S103 (Dovecot's own users must reach its config)
        # Dovecot never reads mail as root: as root, the mail belongs to Debian's dovecot user.
        owner = pwd.getpwnam("dovecot") if os.getuid() == 0 else pwd.getpwuid(os.getuid())
        (self.root / "mail").mkdir()
        os.chown(self.root / "mail", owner.pw_uid, owner.pw_gid)
        _certificate(self.root)
        (self.root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
        config = self.root / "dovecot.conf"
        config.write_text(
            CONFIG.format(root=self.root, port=self.port, uid=owner.pw_uid, gid=owner.pw_gid) + self.extra
        )
        self.process = subprocess.Popen([DOVECOT, "-F", "-c", str(config)], stderr=subprocess.PIPE)  # noqa: S603
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return self
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.1)
        log = (self.root / "dovecot.log").read_text() if (self.root / "dovecot.log").exists() else ""
        self.__exit__()
        raise RuntimeError(f"Dovecot did not start: {log[-2000:]}")

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        shutil.rmtree(self.root, ignore_errors=True)

    def tls_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.root / "cert.pem"))

    def append(self, raw: bytes, folder: str = "INBOX") -> None:
        """File a message in ``folder`` as a mail client would."""
        client = imaplib.IMAP4("127.0.0.1", self.port)
        client.login(USER, PASSWORD)
        client.create(folder)  # an existing folder answers NO, which is fine
        status, _ = client.append(folder, "", imaplib.Time2Internaldate(time.time()), raw)
        assert status == "OK"
        client.logout()


def _installed() -> None:
    if not os.path.exists(DOVECOT):
        if os.environ.get("KOHTAAMO_REQUIRE_BROWSER"):
            pytest.fail(f"{DOVECOT} is missing; install Debian's dovecot-imapd package")
        pytest.skip(f"{DOVECOT} is missing (apt-get install dovecot-imapd); CI requires it")


@pytest.fixture
def dovecot():
    """A fresh server per test (it starts in a fraction of a second), so mailboxes never leak between tests."""
    _installed()
    with Dovecot() as server:
        yield server


@pytest.fixture
def dovecot_without_idle():
    """A server whose CAPABILITY does not offer IDLE (as some hosted mailboxes and relays do not)."""
    _installed()
    with Dovecot(extra="imap_capability = IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE LITERAL+\n") as server:
        yield server
