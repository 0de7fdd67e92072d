"""How survey scales are named to people: the stored keys (``ces_1_7``) are identifiers, never shown on a page."""

from django.utils.translation import gettext_lazy as _

SCALE_LABELS = {
    "nps_0_10": _("NPS 0–10"),
    "csat_1_5": _("CSAT 1–5"),
    "ces_1_7": _("CES 1–7"),
    "ces_1_5": _("CES 1–5 (older scale)"),
}


def scale_label(key: str) -> str:
    """A scale as people name it ("CES 1–7"); an unknown imported key as written, its underscores as spaces."""
    label = SCALE_LABELS.get(key)
    return str(label) if label is not None else key.replace("_", " ")
