"""End to end on Django 4.2-5.2 through the opt-in: a task enqueued through
django_tasks goes through django-tasks-celery to a real Celery worker process
(Redis broker and result backend), and its result is read back."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from shop.tasks import add, explode, where_am_i

import django_tasks
from django_tasks import TaskResultStatus

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def worker():
    log = open(os.environ.get("OPTIN_WORKER_LOG", os.devnull), "w")  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "celery_app",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=HERE,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "settings", "PYTHONPATH": str(HERE)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def wait_for(task, result, timeout=60.0):
    # Poll the backend, not task.get_result(): until the worker has stored
    # the result, django-tasks-celery returns a TaskResult whose task is None,
    # which Task.get_result() rejects (an AttributeError on Django 6.1 too).
    backend = django_tasks.task_backends[task.backend]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if backend.get_result(result.id).is_finished:
            # Finished results name their task: read back through the Task.
            return task.get_result(result.id)
        time.sleep(0.2)
    raise AssertionError(f"{result.id} did not finish in {timeout}s")


def test_the_alias_is_active_in_this_process():
    import django.tasks
    from django_tasks_celery import CeleryBackend

    assert django.tasks is django_tasks
    assert isinstance(django_tasks.task_backends["default"], CeleryBackend)


def test_a_worker_runs_the_task_and_the_result_is_read_back(worker):
    result = add.enqueue(2, 3)
    assert result.status == TaskResultStatus.READY

    finished = wait_for(add, result)

    assert finished.status == TaskResultStatus.SUCCESSFUL
    assert finished.return_value == 5
    assert finished.args == [2, 3]
    assert finished.worker_ids


def test_the_worker_process_has_the_alias_too(worker):
    result = where_am_i.enqueue()

    finished = wait_for(where_am_i, result)

    assert finished.status == TaskResultStatus.SUCCESSFUL
    assert finished.return_value["pid"] == worker.pid
    assert finished.return_value["alias"] is True
    assert finished.return_value["attempt"] == 1


def test_a_failure_is_reported(worker):
    result = explode.enqueue()

    finished = wait_for(explode, result)

    assert finished.status == TaskResultStatus.FAILED
    assert finished.errors[0].exception_class_path == "builtins.ValueError"
