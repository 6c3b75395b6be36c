"""The tasks the benchmark workloads enqueue.

Imported by ``_worker.py`` after ``django.setup()``: the decorator validates
each task against the configured backend, and pickling (Django's DummyBackend
deep-copies its results) re-imports the task by this module's path.
"""

import importlib
import os
from collections.abc import Callable
from typing import Any

# The same module for both environments: django.tasks on Django 6, the
# backport's django_tasks below it.
_package = "django.tasks" if os.environ.get("BENCH_IMPL") == "builtin" else "django_tasks"
task: Callable[[Callable[..., Any]], Any] = importlib.import_module(_package).task


@task
def add(x: int, y: int) -> int:
    return x + y
