"""Results, contexts, statuses, errors, backends, signals and exceptions."""

from datetime import datetime
from logging import Logger
from typing import Any

from django.dispatch import Signal
from typing_extensions import assert_type

from django_tasks import (
    DEFAULT_TASK_BACKEND_ALIAS,
    DEFAULT_TASK_QUEUE_NAME,
    InvalidTaskBackend,
    TaskBackendHandler,
    TaskContext,
    TaskResult,
    TaskResultStatus,
    default_task_backend,
    task,
    task_backends,
)
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.backends.dummy import DummyBackend
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import (
    DEFAULT_TASK_PRIORITY,
    TASK_MAX_PRIORITY,
    TASK_MIN_PRIORITY,
    TASK_REFRESH_ATTRS,
    Task,
    TaskError,
)
from django_tasks.exceptions import (
    InvalidTask,
    TaskException,
    TaskResultDoesNotExist,
    TaskResultMismatch,
)
from django_tasks.signals import logger, task_enqueued, task_finished, task_started


@task
def add(x: int, y: int) -> int:
    return x + y


assert_type(DEFAULT_TASK_BACKEND_ALIAS, str)
assert_type(DEFAULT_TASK_QUEUE_NAME, str)
assert_type(DEFAULT_TASK_PRIORITY, int)
assert_type(TASK_MAX_PRIORITY, int)
assert_type(TASK_MIN_PRIORITY, int)
assert_type(TASK_REFRESH_ATTRS, set[str])

result = add.enqueue(1, 2)
assert_type(result.id, str)
assert_type(result.status, TaskResultStatus)
assert_type(result.enqueued_at, datetime | None)
assert_type(result.started_at, datetime | None)
assert_type(result.finished_at, datetime | None)
assert_type(result.last_attempted_at, datetime | None)
assert_type(result.args, list[Any])
assert_type(result.kwargs, dict[str, Any])
assert_type(result.backend, str)
assert_type(result.errors, list[TaskError])
assert_type(result.worker_ids, list[str])
assert_type(result.is_finished, bool)
assert_type(result.attempts, int)
assert_type(result.refresh(), None)

if result.status == TaskResultStatus.FAILED:
    for error in result.errors:
        assert_type(error.exception_class, type[BaseException])
        assert_type(error.traceback, str)
        assert_type(error.exception_class_path, str)

assert_type(TaskResultStatus("SUCCESSFUL"), TaskResultStatus)


def on_context(context: TaskContext[[int, int], int]) -> None:
    assert_type(context.attempt, int)
    assert_type(context.task_result, TaskResult[[int, int], int])


# Backends.
assert_type(task_backends, TaskBackendHandler)
assert_type(task_backends["default"], BaseTaskBackend)
# A list on the backport, a Sequence in django-stubs' django.tasks.
assert_type(task_backends.all()[0], BaseTaskBackend)
assert_type(default_task_backend, BaseTaskBackend)
backend = task_backends["default"]
assert_type(backend.alias, str)
assert_type(backend.queues, set[str])
assert_type(backend.options, dict[str, Any])
assert_type(backend.supports_defer, bool)
assert_type(backend.supports_async_task, bool)
assert_type(backend.supports_get_result, bool)
assert_type(backend.supports_priority, bool)
assert_type(backend.task_class, type[Task[..., Any]])
assert_type(backend.get_result("x"), TaskResult[..., Any])
assert_type(add.get_backend(), BaseTaskBackend)
backend.validate_task(add)

dummy = DummyBackend("dummy", {})
assert_type(dummy.results, list[TaskResult[..., Any]])
dummy.clear()
assert_type(ImmediateBackend("immediate", {}).worker_id, str)


class CustomBackend(BaseTaskBackend):
    """A third-party backend: the override has django-stubs' signature."""

    supports_defer = True

    def enqueue(
        self, task: Task[Any, Any], args: list[Any], kwargs: dict[str, Any]
    ) -> TaskResult[Any, Any]:
        raise NotImplementedError


# Signals and the logger.
assert_type(task_enqueued, Signal)
assert_type(task_started, Signal)
assert_type(task_finished, Signal)
assert_type(logger, Logger)

# Exceptions.
try:
    add.get_result("missing")
except TaskResultDoesNotExist as e:
    assert_type(e, TaskResultDoesNotExist)
except TaskResultMismatch as e:
    assert_type(e, TaskResultMismatch)

exceptions: list[type[Exception]] = [
    InvalidTask,
    InvalidTaskBackend,
    TaskException,
    TaskResultDoesNotExist,
    TaskResultMismatch,
]
assert issubclass(InvalidTask, TaskException)
