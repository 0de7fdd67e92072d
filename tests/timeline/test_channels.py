"""One channel list: the model's choices and the record parser agree because they read the same list."""

import subprocess
import sys

from kohtaamo.timeline.channels import CHANNEL_ALIASES, CHANNELS
from kohtaamo.timeline.models import Channel


def test_the_model_offers_exactly_the_listed_channels_in_order():
    assert Channel.values == list(CHANNELS)
    assert [str(label) for label in Channel.labels] == list(CHANNELS.values())


def test_every_alias_names_a_listed_channel():
    assert set(CHANNEL_ALIASES.values()) <= CHANNELS.keys()


def test_the_record_parser_imports_no_django():
    # The parse worker processes (files.read_parsed) start without Django set up.
    code = "import sys, kohtaamo.timeline.files; print(any(m.split('.')[0] == 'django' for m in sys.modules))"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603
    assert found.stdout == "False\n"
