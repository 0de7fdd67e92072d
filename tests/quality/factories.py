"""Builders for quality tests: submitted evaluations in one call."""

from kohtaamo.quality.services.evaluations import evaluation_save, evaluation_start

from .conftest import GOOD, call


def submitted(workspace, scorecard, evaluator, agent_key: str, answers=GOOD, *, kind="official", **call_fields):
    """A submitted evaluation of a fresh call by the agent."""
    interaction = call(workspace, agent_key, **call_fields)
    evaluation = evaluation_start(interaction=interaction, version=scorecard.current, evaluator=evaluator, kind=kind)
    return evaluation_save(evaluation=evaluation, answers=dict(answers), submit=True)
