"""Work other apps queue after survey answers were written, without the feedback app knowing them.

Called once per write (an import batch, a survey page submit, an SMS reply), inside its transaction: a
registered function queues its work with ``transaction.on_commit`` (insights reads the new comments).
"""

from collections.abc import Callable

from kohtaamo.workspaces.models import Workspace

AfterAnswers = Callable[[Workspace], None]
AFTER_ANSWERS: list[AfterAnswers] = []


def after_answers(function: AfterAnswers) -> AfterAnswers:
    """Register work to queue after answers were written (decorator)."""
    if function not in AFTER_ANSWERS:
        AFTER_ANSWERS.append(function)
    return function


def answers_written(workspace: Workspace) -> None:
    for function in AFTER_ANSWERS:
        function(workspace)
