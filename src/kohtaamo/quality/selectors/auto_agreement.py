"""Automatic answers paired with human ones on the same interactions, per check, for the agreement page.

A human answer is an evaluator's yes/no on a scorecard question that carries the check (``auto_check``)
in a final official or calibration evaluation; where no scorecard answered it, an evaluator's override
of the automatic answer counts. The automatic side is always the original answer, never the override.
"""

from kohtaamo.lib.qa.auto_agreement import CheckAgreement, agreement_of
from kohtaamo.lib.qa.checks import CHECKS
from kohtaamo.lib.qa.form_json import FormError, load_form
from kohtaamo.workspaces.access import Actor

from ..models import AutoAnswer, QuestionScore, ScorecardVersion
from .scope import FINAL


def _checks_by_version(actor: Actor) -> dict[int, dict[str, str]]:
    """Scorecard version → {question id: the automatic check it carries}."""
    found: dict[int, dict[str, str]] = {}
    for version in ScorecardVersion.objects.of(actor).only("pk", "form"):
        try:
            form = load_form(version.form)
        except FormError:
            continue
        carried = {q.id: q.auto_check for _, q in form.questions() if q.auto_check}
        if carried:
            found[version.pk] = carried
    return found


def check_agreements(*, actor: Actor) -> dict[str, CheckAgreement]:
    """Per check, agreement of the automatic answers with evaluators' (n, percent, alpha and interval, verdict)."""
    by_version = _checks_by_version(actor)
    human: dict[tuple[int, str], list[bool]] = {}
    scores = QuestionScore.objects.of(actor).filter(
        evaluation__version_id__in=list(by_version), evaluation__status__in=FINAL, passed__isnull=False
    )
    rows = scores.values_list("evaluation__interaction_id", "evaluation__version_id", "question_id", "passed")
    for interaction_id, version_id, question_id, passed in rows.iterator():
        check = by_version[version_id].get(question_id)
        if check:
            human.setdefault((interaction_id, check), []).append(bool(passed))
    pairs: dict[str, list[tuple[bool, bool]]] = {check: [] for check in CHECKS}
    answers = AutoAnswer.objects.of(actor).values_list("review__interaction_id", "check_name", "passed", "override")
    for interaction_id, check, passed, override in answers.iterator():
        given = human.get((interaction_id, check)) or ([override] if override is not None else [])
        pairs.setdefault(check, []).extend((passed, answer) for answer in given)
    return {check: agreement_of(found) for check, found in pairs.items()}
