"""Survey scores of interactions, from the feedback app when it is installed, else from imports.

Customers' CSAT (1–5) and NPS (0–10) answers come from ``kohtaamo.feedback`` once it records
them; scores imported with the interactions (numeric ``csat`` / ``nps`` attributes) fill the
gaps, so sampling weights and the QA-to-CX analysis work with either source.
"""

import math
from collections.abc import Iterable

from kohtaamo.db.chunks import chunks
from kohtaamo.timeline.models import Interaction

SCALES = {"csat": (1, 5), "nps": (0, 10)}


def survey_scores(*, workspace, interaction_ids: Iterable[int], metric: str) -> dict[int, int]:
    """interaction id → the customer's whole-number answer on the metric's scale (csat or nps)."""
    ids = list(interaction_ids)
    low, high = SCALES[metric]
    scores: dict[int, float] = {}
    try:
        from kohtaamo.feedback.selectors import survey_scores_for_interactions
    except ImportError:
        survey_scores_for_interactions = None
    if survey_scores_for_interactions is not None:
        scores.update(survey_scores_for_interactions(workspace=workspace, interaction_ids=ids, metric=metric))
    missing = [pk for pk in ids if pk not in scores]
    for chunk in chunks(missing):
        rows = Interaction.objects.filter(workspace=workspace, pk__in=chunk).values_list("pk", "attributes")
        for pk, attributes in rows:
            value = (attributes or {}).get(metric)
            if isinstance(value, int | float) and not isinstance(value, bool):
                scores[pk] = value
    return {
        pk: int(value)
        for pk, value in scores.items()
        if math.isfinite(value) and float(value).is_integer() and low <= value <= high
    }
