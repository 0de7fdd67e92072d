"""Do our rules matter to customers?  CSAT and NPS where a question passed vs where it failed.

For every question of a scorecard, the interactions that have both an official evaluation and
a survey answer are split by whether the question passed (score ≥ 50) or failed; the
difference in CSAT % (share of 4–5 answers) and in NPS is given with its 95 % interval and n
(``kohtaamo.lib.cxmetrics.compare``).  Under the minimum sample on either side the question is
marked "no evidence yet" rather than given a verdict.  It is an observational comparison:
a rule that *correlates* with satisfaction, not proof that enforcing it causes it.
"""

from dataclasses import dataclass

from kohtaamo.feedback.selectors.scores import survey_scores_for_interactions
from kohtaamo.lib.cxmetrics import DEFAULT_MIN_N, Difference, compare
from kohtaamo.lib.qa.stats import cx_verdict
from kohtaamo.workspaces.access import Actor

from ..models import QuestionScore
from .reports import ReportFilter, question_texts
from .scope import scored


@dataclass(frozen=True)
class CxEffect:
    difference: Difference  # passed − failed
    verdict: str  # "no_evidence", "helps", "hurts" or "no_effect"


@dataclass(frozen=True)
class QuestionCx:
    question_id: str
    text: str
    section: str
    csat: CxEffect
    nps: CxEffect


def _effect(metric: str, passed: list[int], failed: list[int], min_n: int) -> CxEffect:
    difference = compare(metric, passed, failed, min_n=min_n)
    return CxEffect(difference, cx_verdict(difference))


def qa_to_cx(*, actor: Actor, filters: ReportFilter, language: str, min_n: int = DEFAULT_MIN_N) -> list[QuestionCx]:
    """Per question of the filter's scorecard: CSAT % and NPS difference, passed minus failed."""
    texts = question_texts(filters.scorecard, language)
    scores = QuestionScore.objects.of(actor).filter(evaluation__in=filters.apply(scored(actor)), passed__isnull=False)
    pairs = list(scores.values_list("question_id", "evaluation__interaction_id", "passed"))
    interaction_ids = {interaction_id for _, interaction_id, _ in pairs}
    csat = survey_scores_for_interactions(actor=actor, interaction_ids=interaction_ids, metric="csat")
    nps = survey_scores_for_interactions(actor=actor, interaction_ids=interaction_ids, metric="nps")
    groups: dict[str, dict[str, tuple[list[int], list[int]]]] = {}
    for question_id, interaction_id, passed in pairs:
        for metric, scores in (("csat", csat), ("nps", nps)):
            if interaction_id in scores:
                sides = groups.setdefault(question_id, {}).setdefault(metric, ([], []))
                sides[0 if passed else 1].append(scores[interaction_id])
    out = []
    for question_id, (text, section) in texts.items():
        sides = groups.get(question_id, {})
        csat_passed, csat_failed = sides.get("csat", ([], []))
        nps_passed, nps_failed = sides.get("nps", ([], []))
        out.append(
            QuestionCx(
                question_id,
                text,
                section,
                _effect("csat_percent", csat_passed, csat_failed, min_n),
                _effect("nps", nps_passed, nps_failed, min_n),
            )
        )
    return out
