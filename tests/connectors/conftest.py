import pytest

from kohtaamo.connectors.services.connectors import connector_add

from .dovecot import dovecot, dovecot_without_idle  # noqa: F401 (the real IMAP servers, fixtures)

APP_SECRET = "meta-app-secret-for-tests"
VERIFY_TOKEN = "kohtaamo-verify-123"


@pytest.fixture
def whatsapp(voima):
    """Voima's WhatsApp Business number, set up as `kohtaamo connector add whatsapp` does."""
    return connector_add(workspace=voima, kind="whatsapp", name="WhatsApp",
                         options={"app_secret": APP_SECRET, "verify_token": VERIFY_TOKEN})  # fmt: skip
