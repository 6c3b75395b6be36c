"""What type checkers see behind the public modules (a stub: never imported at runtime).

Type checkers cannot read ``django.VERSION``, so they cannot follow the runtime
switch in the public modules. They see this package's own classes (the
backport's, ``django_tasks._backport``) on every Django, unless the project's
checker configuration defines ``DJANGO_TASKS_BUILTIN_TYPES`` as true:

- mypy: ``always_true = ["DJANGO_TASKS_BUILTIN_TYPES"]``
- pyright: ``defineConstant = { DJANGO_TASKS_BUILTIN_TYPES = true }``

Then every name is Django's own from django-stubs' ``django.tasks`` (which
django-stubs >= 6.0 provides), so annotations written with ``django_tasks`` and
with ``django.tasks`` are the same types. Use it on Django >= 6.0, where the
runtime objects are Django's too. ``task`` keeps this package's overloads in
both modes, so an async function gives a ``Task`` of its awaited result.

Each import list is written three times on purpose. Without the constant in
the configuration the conditions below are unknown to the checkers, and mypy
keeps the first of conflicting imports while pyright keeps the last: both are
the backport's. With the constant set, only the middle block is read. Only
imports here: pyright would prefer a function defined here to any import, so
the built-in mode's task() lives in _builtin_task.pyi.
"""

# Breakpoint: once Django 6.0 is the minimum, the public modules re-export
# django.tasks for checkers too and this module goes.

DJANGO_TASKS_BUILTIN_TYPES = False

if not DJANGO_TASKS_BUILTIN_TYPES:
    from django_tasks._backport import (
        TaskBackendHandler,
        default_task_backend,
        task_backends,
    )
    from django_tasks._backport.backends.base import BaseTaskBackend
    from django_tasks._backport.backends.dummy import DummyBackend
    from django_tasks._backport.backends.immediate import ImmediateBackend
    from django_tasks._backport.base import (
        DEFAULT_TASK_BACKEND_ALIAS,
        DEFAULT_TASK_PRIORITY,
        DEFAULT_TASK_QUEUE_NAME,
        TASK_MAX_PRIORITY,
        TASK_MIN_PRIORITY,
        TASK_REFRESH_ATTRS,
        Task,
        TaskContext,
        TaskError,
        TaskResult,
        TaskResultStatus,
        task,
    )
    from django_tasks._backport.checks import check_tasks
    from django_tasks._backport.exceptions import (
        InvalidTask,
        InvalidTaskBackend,
        TaskException,
        TaskResultDoesNotExist,
        TaskResultMismatch,
    )
    from django_tasks._backport.signals import (
        clear_tasks_handlers,
        log_task_enqueued,
        log_task_finished,
        log_task_started,
        logger,
        task_enqueued,
        task_finished,
        task_started,
    )

if DJANGO_TASKS_BUILTIN_TYPES:
    from django.tasks import (
        TaskBackendHandler,
        default_task_backend,
        task_backends,
    )
    from django.tasks.backends.base import BaseTaskBackend
    from django.tasks.backends.dummy import DummyBackend
    from django.tasks.backends.immediate import ImmediateBackend
    from django.tasks.base import (
        DEFAULT_TASK_BACKEND_ALIAS,
        DEFAULT_TASK_PRIORITY,
        DEFAULT_TASK_QUEUE_NAME,
        TASK_MAX_PRIORITY,
        TASK_MIN_PRIORITY,
        TASK_REFRESH_ATTRS,
        Task,
        TaskContext,
        TaskError,
        TaskResult,
        TaskResultStatus,
    )
    from django.tasks.checks import check_tasks
    from django.tasks.exceptions import (
        InvalidTask,
        InvalidTaskBackend,
        TaskException,
        TaskResultDoesNotExist,
        TaskResultMismatch,
    )
    from django.tasks.signals import (
        clear_tasks_handlers,
        log_task_enqueued,
        log_task_finished,
        log_task_started,
        logger,
        task_enqueued,
        task_finished,
        task_started,
    )

    from django_tasks._builtin_task import task

if not DJANGO_TASKS_BUILTIN_TYPES:
    from django_tasks._backport import (
        TaskBackendHandler,
        default_task_backend,
        task_backends,
    )
    from django_tasks._backport.backends.base import BaseTaskBackend
    from django_tasks._backport.backends.dummy import DummyBackend
    from django_tasks._backport.backends.immediate import ImmediateBackend
    from django_tasks._backport.base import (
        DEFAULT_TASK_BACKEND_ALIAS,
        DEFAULT_TASK_PRIORITY,
        DEFAULT_TASK_QUEUE_NAME,
        TASK_MAX_PRIORITY,
        TASK_MIN_PRIORITY,
        TASK_REFRESH_ATTRS,
        Task,
        TaskContext,
        TaskError,
        TaskResult,
        TaskResultStatus,
        task,
    )
    from django_tasks._backport.checks import check_tasks
    from django_tasks._backport.exceptions import (
        InvalidTask,
        InvalidTaskBackend,
        TaskException,
        TaskResultDoesNotExist,
        TaskResultMismatch,
    )
    from django_tasks._backport.signals import (
        clear_tasks_handlers,
        log_task_enqueued,
        log_task_finished,
        log_task_started,
        logger,
        task_enqueued,
        task_finished,
        task_started,
    )

__all__ = [
    "DEFAULT_TASK_BACKEND_ALIAS",
    "DEFAULT_TASK_PRIORITY",
    "DEFAULT_TASK_QUEUE_NAME",
    "TASK_MAX_PRIORITY",
    "TASK_MIN_PRIORITY",
    "TASK_REFRESH_ATTRS",
    "BaseTaskBackend",
    "DummyBackend",
    "ImmediateBackend",
    "InvalidTask",
    "InvalidTaskBackend",
    "Task",
    "TaskBackendHandler",
    "TaskContext",
    "TaskError",
    "TaskException",
    "TaskResult",
    "TaskResultDoesNotExist",
    "TaskResultMismatch",
    "TaskResultStatus",
    "check_tasks",
    "clear_tasks_handlers",
    "default_task_backend",
    "log_task_enqueued",
    "log_task_finished",
    "log_task_started",
    "logger",
    "task",
    "task_backends",
    "task_enqueued",
    "task_finished",
    "task_started",
]
