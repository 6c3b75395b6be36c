"""django-scheduled-tasks 0.3 and django-dbtasks 0.5 on Django 5.2 through the
opt-in: run_task_scheduler enqueues a task every two seconds, dbtasks'
taskrunner runs it, the test reads the results back."""

from pathlib import Path

from background import running, wait_until
from django_scheduled_tasks.models import ScheduledTaskRunLog
from scheduled.tasks import scheduled_tick
from ticks.checks import check_runs, finished_ids, rows
from ticks.tasks import periodic_tick

import django_tasks

TIMEOUT = 60.0


def test_the_packages_run_on_this_package():
    import django.tasks

    assert django.tasks is django_tasks
    assert django_tasks.task_backends["default"].__module__ == "dbtasks.backend"


def test_run_task_scheduler_and_taskrunner(tmp_path: Path) -> None:
    worker_id = "optin-scheduled-worker"
    with running(
        tmp_path,
        ["taskrunner", "--workers", "2", "--worker-id", worker_id, "--delay", "0.2",
         "--no-periodic"],
        ["run_task_scheduler", "--interval", "0.5", "--no-reload"],
    ) as commands:  # fmt: skip
        worker, _ = commands
        ids = wait_until(
            "two scheduled runs finished",
            lambda: finished_ids(scheduled_tick, 2),
            commands,
            TIMEOUT,
            state=lambda: rows(scheduled_tick),
        )
    check_runs(scheduled_tick, ids, "django-scheduled-tasks", worker, worker_id)
    # The scheduler's own record names a run that get_result() finds.
    log = ScheduledTaskRunLog.objects.get(task_name=scheduled_tick.module_path)
    assert log.last_run_task_id is not None
    assert scheduled_tick.get_result(log.last_run_task_id).id == log.last_run_task_id
    assert log.schedule_description == "every 2 seconds"


def test_dbtasks_periodic_option(tmp_path: Path) -> None:
    # django-dbtasks' own scheduler: TASKS OPTIONS["periodic"], run by taskrunner.
    worker_id = "optin-periodic-worker"
    with running(
        tmp_path, ["taskrunner", "--workers", "2", "--worker-id", worker_id, "--delay", "0.2"]
    ) as commands:
        [worker] = commands
        ids = wait_until(
            "two periodic runs finished",
            lambda: finished_ids(periodic_tick, 2),
            commands,
            TIMEOUT,
            state=lambda: rows(periodic_tick),
        )
    check_runs(periodic_tick, ids, "django-dbtasks", worker, worker_id)
