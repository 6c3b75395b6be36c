"""Django's task framework (``django.tasks``) on every Django a project runs.

On Django 6.0 and later every name here is the built-in object; on Django
4.2–5.2 it is this package's backport of Django 6.1's ``django.tasks``.
"""

from typing import TYPE_CHECKING

import django

__version__ = "0.12.1"

from django_tasks import _compat

# Compat: task log records also reach the handlers of the older backport's
# "django_tasks" logger (see django_tasks/_compat.py).
_compat.install()

if TYPE_CHECKING:
    # What type checkers see: this package's classes, or Django's own with the
    # DJANGO_TASKS_BUILTIN_TYPES constant (see django_tasks/_typing.pyi).
    from django_tasks._typing import (
        DEFAULT_TASK_BACKEND_ALIAS,
        DEFAULT_TASK_QUEUE_NAME,
        Task,
        TaskContext,
        TaskResult,
        TaskResultStatus,
        default_task_backend,
        task,
        task_backends,
    )
    from django_tasks._typing import InvalidTaskBackend as InvalidTaskBackend
    from django_tasks._typing import TaskBackendHandler as TaskBackendHandler
else:
    # Breakpoint: django.tasks is built in from Django 6.0
    # (https://docs.djangoproject.com/en/6.0/releases/6.0/#background-tasks).
    if django.VERSION >= (6, 0):
        from django.tasks import (
            DEFAULT_TASK_BACKEND_ALIAS,
            DEFAULT_TASK_QUEUE_NAME,
            InvalidTaskBackend,
            Task,
            TaskBackendHandler,
            TaskContext,
            TaskResult,
            TaskResultStatus,
            default_task_backend,
            task,
            task_backends,
        )
    else:
        # Importing the package registers the system check and the signal
        # receivers, as importing django.tasks does on Django 6.
        from django_tasks._backport import (  # noqa: F401
            DEFAULT_TASK_BACKEND_ALIAS,
            DEFAULT_TASK_QUEUE_NAME,
            Task,
            TaskBackendHandler,
            TaskContext,
            TaskResult,
            TaskResultStatus,
            default_task_backend,
            task,
            task_backends,
        )
        from django_tasks._backport.exceptions import InvalidTaskBackend  # noqa: F401

# As django.tasks, the package has the attributes base, checks, exceptions
# and signals.
from django_tasks import base, checks, exceptions, signals  # noqa: E402, F401  # pyright: ignore[reportUnusedImport]

__all__ = [
    "DEFAULT_TASK_BACKEND_ALIAS",
    "DEFAULT_TASK_QUEUE_NAME",
    "default_task_backend",
    "task",
    "task_backends",
    "Task",
    "TaskContext",
    "TaskResult",
    "TaskResultStatus",
]
