import logging
import sys
from typing import Any

from asgiref.local import Local
from django.core.signals import setting_changed
from django.dispatch import Signal, receiver

from django_tasks._backport.base import TaskResult, TaskResultStatus

# The same logger as Django 6, so LOGGING written for Django 6 applies.
logger: logging.Logger = logging.getLogger("django.tasks")

task_enqueued: Signal = Signal()
task_finished: Signal = Signal()
task_started: Signal = Signal()


@receiver(setting_changed)
def clear_tasks_handlers(*, setting: str, **kwargs: Any) -> None:
    """Reset the connection handler whenever the settings change."""
    # Only a registry that exists needs resetting. Importing it here would
    # also register the backport's system check, which on Django 6 (where only
    # the conformance kit imports the backport) must not happen as a side effect.
    registry = sys.modules.get("django_tasks._backport.registry")
    if setting == "TASKS" and registry is not None:
        task_backends = registry.task_backends
        # Private attributes of Django's BaseConnectionHandler (not in django-stubs;
        # a module found in sys.modules is read as Any).
        task_backends._settings = task_backends.settings = task_backends.configure_settings(None)
        task_backends._connections = Local()


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
    # Backends send this signal inside their exception handler for a failed
    # task, so the exception is still available to attach to the record.
    exc_info = sys.exc_info()
    logger.log(
        (logging.ERROR if task_result.status == TaskResultStatus.FAILED else logging.INFO),
        "Task id=%s path=%s state=%s",
        task_result.id,
        task_result.task.module_path,
        task_result.status,
        exc_info=exc_info if exc_info[0] else None,
    )
