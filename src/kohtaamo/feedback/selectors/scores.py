"""Survey scores of interactions: the one read other apps use for them (quality's sampling and QA-to-CX
comparison, journeys' pain points, effort check and action targets).

The rule, for every interaction asked about:

* A metric is read on its one scale: NPS on ``nps_0_10``, CSAT on ``csat_1_5``, CES on ``ces_1_7``.
  Answers on the legacy 1–5 effort scale are stored but never mixed in.
* A survey answer stored by this app wins. When the customer answered more than once about one
  interaction, the latest answer counts (by answered time, then id).
* An interaction without such an answer takes the score imported with it from a previous survey tool:
  the numeric attribute named after the metric (``attributes["csat"]``).
* Only a whole number on the metric's scale is a score; anything else there (text, true/false, 3.5,
  a CSAT of 7) is no score.

The answers read are those the actor may see (``answers.answers_for``: an agent sees their own contacts').
"""

from collections.abc import Iterable

from kohtaamo.db.chunks import chunks
from kohtaamo.lib.cxmetrics import get_scale
from kohtaamo.timeline.models import Interaction
from kohtaamo.workspaces.access import Actor

from .answers import METRIC_SCALE, answers_for


def survey_scores_for_interactions(*, actor: Actor, interaction_ids: Iterable[int], metric: str) -> dict[int, int]:
    """Interaction id → the customer's score on ``metric`` (csat, nps or ces), for the interactions that have one."""
    if metric not in METRIC_SCALE:
        raise ValueError(f"metric must be one of {', '.join(METRIC_SCALE)}, got {metric!r}")
    scale = get_scale(METRIC_SCALE[metric])
    ids = sorted(set(interaction_ids))
    scores: dict[int, int] = {}
    for chunk in chunks(ids):
        answers = answers_for(actor).filter(interaction_id__in=chunk, scale=scale.key, value__isnull=False)
        scores.update(answers.order_by("answered_at", "pk").values_list("interaction_id", "value"))
    for chunk in chunks([pk for pk in ids if pk not in scores]):
        rows = Interaction.objects.of(actor).filter(pk__in=chunk, attributes__has_key=metric)
        for pk, attributes in rows.values_list("pk", "attributes"):
            value = attributes.get(metric)
            if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
                scores[pk] = int(value)
    return {pk: value for pk, value in scores.items() if scale.low <= value <= scale.high}
