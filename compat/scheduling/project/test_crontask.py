"""django-crontask 2.2 (Python >= 3.14) and django-dbtasks 0.5 on Django 5.2
through the opt-in: `manage.py crontask` enqueues a task on a cron trigger
every two seconds, dbtasks' taskrunner runs it, the test reads the results back."""

from pathlib import Path

from background import running, wait_until
from crontab.tasks import cron_tick
from ticks.checks import check_runs, finished_ids, rows

import django_tasks

TIMEOUT = 60.0


def test_the_packages_run_on_this_package():
    import crontask
    import django.tasks

    assert django.tasks is django_tasks
    # The cron() decorator registered the task's enqueue with the scheduler.
    assert [job.name for job in crontask.scheduler.get_jobs()] == [cron_tick.name]


def test_crontask_and_taskrunner(tmp_path: Path) -> None:
    worker_id = "optin-crontask-worker"
    with running(
        tmp_path,
        ["taskrunner", "--workers", "2", "--worker-id", worker_id, "--delay", "0.2",
         "--no-periodic"],
        ["crontask", "--no-heartbeat"],
    ) as commands:  # fmt: skip
        worker, _ = commands
        ids = wait_until(
            "two cron runs finished",
            lambda: finished_ids(cron_tick, 2),
            commands,
            TIMEOUT,
            state=lambda: rows(cron_tick),
        )
    check_runs(cron_tick, ids, "crontask", worker, worker_id)
