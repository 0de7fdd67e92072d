"""Work other apps queue after survey answers were written, without the feedback app knowing them.

Called once per write (an import batch, a survey page submit, an SMS reply), inside its transaction: a
registered function queues its work with ``transaction.on_commit`` (insights reads the new comments).
"""

from kohtaamo.lib.hooks import Hook
from kohtaamo.workspaces.models import Workspace

AFTER_ANSWERS: Hook[Workspace] = Hook()
after_answers = AFTER_ANSWERS.register
answers_written = AFTER_ANSWERS.run
