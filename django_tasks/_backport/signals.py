"""``django.tasks.signals``, public as ``django_tasks.signals``."""

import logging
import sys
from typing import Any

from django.core.signals import setting_changed
from django.dispatch import Signal, receiver

from django_tasks._backport.base import TaskResult, TaskResultStatus

# The same logger as Django 6, so LOGGING written for Django 6 applies (and,
# Compat: records also reach the older backport's "django_tasks" logger; see
# django_tasks/_compat.py).
logger: logging.Logger = logging.getLogger("django.tasks")

# Typing: declared, so that checkers infer the same types everywhere.
task_enqueued: Signal = Signal()
task_finished: Signal = Signal()
task_started: Signal = Signal()


@receiver(setting_changed)
def clear_tasks_handlers(*, setting: str, **kwargs: Any) -> None:
    """Reset the connection handler whenever the settings change."""
    if setting == "TASKS":
        from django_tasks._backport import task_backends

        # Divergence: Django assigns the handler's private _settings and
        # _connections here; the handler's own _reset() (see
        # django_tasks/_backport/__init__.py) gets there through public API.
        task_backends._reset()


@receiver(task_enqueued)
def log_task_enqueued(sender: type, task_result: TaskResult[..., Any], **kwargs: Any) -> None:
    logger.debug(
        "Task id=%s path=%s enqueued backend=%s",
        task_result.id,
        task_result.task.module_path,
        task_result.backend,
    )


@receiver(task_started)
def log_task_started(sender: type, task_result: TaskResult[..., Any], **kwargs: Any) -> None:
    logger.info(
        "Task id=%s path=%s state=%s",
        task_result.id,
        task_result.task.module_path,
        task_result.status,
    )


@receiver(task_finished)
def log_task_finished(sender: type, task_result: TaskResult[..., Any], **kwargs: Any) -> None:
    # Signal is sent inside exception handlers, so exc_info() is available.
    exc_info = sys.exc_info()
    logger.log(
        (logging.ERROR if task_result.status == TaskResultStatus.FAILED else logging.INFO),
        "Task id=%s path=%s state=%s",
        task_result.id,
        task_result.task.module_path,
        task_result.status,
        exc_info=exc_info if exc_info[0] else None,
    )
