"""``django.tasks.signals``: sent with the backend class as sender and ``task_result=``."""

from typing import TYPE_CHECKING

import django

if TYPE_CHECKING:
    # What type checkers see: this package's classes, or Django's own with the
    # DJANGO_TASKS_BUILTIN_TYPES constant (see django_tasks/_typing.pyi).
    from django_tasks._typing import (
        clear_tasks_handlers,
        log_task_enqueued,
        log_task_finished,
        log_task_started,
        logger,
        task_enqueued,
        task_finished,
        task_started,
    )
else:
    # Breakpoint: django.tasks is built in from Django 6.0
    # (https://docs.djangoproject.com/en/6.0/releases/6.0/#background-tasks).
    if django.VERSION >= (6, 0):
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
    else:
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
    "clear_tasks_handlers",
    "log_task_enqueued",
    "log_task_finished",
    "log_task_started",
    "logger",
    "task_enqueued",
    "task_finished",
    "task_started",
]
