"""The ready-made scorecards shipped with Kohtaamo, one canonical JSON file per template.

They live in the quality app rather than in ``kohtaamo.lib``: they are product content a workspace
starts from, not maths.  Each file is already in the canonical shape ``form_to_dict`` writes, so a
scorecard created from a template exports exactly as it was shipped.
"""

import json
from importlib import resources

from kohtaamo.lib.qa.form_json import load_form
from kohtaamo.lib.qa.forms import Form


def template_names() -> list[str]:
    """Names of the scorecard templates shipped with Kohtaamo."""
    folder = resources.files(__package__)
    return sorted(p.name.removesuffix(".json") for p in folder.iterdir() if p.name.endswith(".json"))


def load_template(name: str) -> Form:
    """Load a shipped template (e.g. ``"customer_service"``) as a validated form."""
    if name not in template_names():
        raise ValueError(f"unknown scorecard template {name!r}; available: {', '.join(template_names())}")
    path = resources.files(__package__).joinpath(f"{name}.json")
    return load_form(json.loads(path.read_text(encoding="utf-8")))
