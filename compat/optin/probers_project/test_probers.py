"""Packages that decide at import time whether Django 6's django.tasks exists
keep working with the opt-in on: django-tasks-db (importlib.util.find_spec)
takes its Django 6 branch, django-ox (django.VERSION) keeps its backport
branch, and either way the objects are this package's."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from jobs.tasks import alias_in_worker, multiply, ox_multiply

import django_tasks
from django_tasks import TaskResultStatus

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module", autouse=True)
def migrated():
    call_command("migrate", verbosity=0)


def run_manage(*args):
    return subprocess.run(
        [sys.executable, "-m", "django", *args],
        cwd=HERE,
        env={**os.environ, "PYTHONPATH": str(HERE)},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def test_django_tasks_db_took_its_django_6_branch():
    from django_tasks_db import compat
    from django_tasks_db.backend import DatabaseBackend

    # Set only in the `if find_spec("django.tasks"):` branch.
    assert compat.TASKS_LOGGER == "django.tasks"
    assert compat.Task is django_tasks.Task
    assert compat.BaseTaskResult is django_tasks.TaskResult
    assert compat.InvalidTaskBackend is django_tasks.InvalidTaskBackend
    assert isinstance(django_tasks.task_backends["default"], DatabaseBackend)


def test_django_tasks_db_worker_runs_a_task_enqueued_through_django_tasks():
    result = multiply.enqueue(6, 7)
    assert result.status == TaskResultStatus.READY

    run_manage("db_worker", "--batch", "--no-startup-delay", "--interval", "0")

    finished = multiply.get_result(result.id)
    assert finished.status == TaskResultStatus.SUCCESSFUL
    assert finished.return_value == 42
    assert finished.worker_ids


def test_django_tasks_db_worker_process_has_the_alias():
    result = alias_in_worker.enqueue()

    run_manage("db_worker", "--batch", "--no-startup-delay", "--interval", "0")

    assert alias_in_worker.get_result(result.id).return_value is True


def test_django_ox_keeps_its_version_gated_branch():
    from django_ox import compat

    # django-ox decides by django.VERSION, which the opt-in does not change.
    assert compat.HAS_CORE_TASKS is False
    assert compat.Task is django_tasks.Task
    assert compat.task_backends is django_tasks.task_backends


def test_django_ox_worker_runs_a_task_enqueued_through_django_tasks():
    result = ox_multiply.enqueue(3, 5)

    run_manage("ox_worker", "--backend", "ox", "--batch")

    finished = ox_multiply.get_result(result.id)
    assert finished.status == TaskResultStatus.SUCCESSFUL
    assert finished.return_value == 15
