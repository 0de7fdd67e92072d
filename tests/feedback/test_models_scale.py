"""Scales are named as people name them; their stored keys never reach a page."""

from django.utils import translation

from kohtaamo.feedback.models import Answer
from kohtaamo.feedback.scales import scale_label


def test_each_scale_has_a_name_and_an_unknown_key_is_not_shown_raw():
    assert [scale_label(key) for key in ("nps_0_10", "csat_1_5", "ces_1_7")] == ["NPS 0–10", "CSAT 1–5", "CES 1–7"]
    assert scale_label("ces_1_5") == "CES 1–5 (older scale)"
    assert scale_label("stars_1_10") == "stars 1 10"
    with translation.override("fi"):
        assert Answer(scale="ces_1_5").scale_label == "CES 1–5 (vanha asteikko)"
