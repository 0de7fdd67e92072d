"""`kohtaamo worker` is quiet about tasks that went well and still says what failed."""

import logging

from kohtaamo.cli import running


def test_task_lines_below_warning_are_kept_off_the_console(caplog):
    running.quiet_task_logs()
    try:
        with caplog.at_level(logging.INFO):
            logging.getLogger("django.tasks").info("Task id=1 state=SUCCESSFUL")
            logging.getLogger("django_tasks_db").info("Starting worker worker_id=w")
            logging.getLogger("django.tasks").error("Task id=2 state=FAILED")
        assert [record.getMessage() for record in caplog.records] == ["Task id=2 state=FAILED"]
    finally:
        for name in running.TASK_LOGGERS:
            logging.getLogger(name).removeFilter(running._warnings_and_worse)
