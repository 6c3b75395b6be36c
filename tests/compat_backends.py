"""Backends and a Task subclass written the way packages built on the older
django-tasks backport (<= 0.12) write them, for tests/test_compat_names.py.

They import only the public ``django_tasks`` names, so on Django 6 they are
built on Django's own classes, as those packages are.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from typing_extensions import ParamSpec, TypeVar

from django_tasks.backends.base import BaseTaskBackend
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import Task, TaskResult, TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist
from django_tasks.utils import get_random_id

P = ParamSpec("P")
R = TypeVar("R")


class HueyStyleTask(Task):  # type: ignore[type-arg]
    """Overrides ``__post_init__`` without ``@dataclass``, as huey's task class does."""

    def __post_init__(self) -> None:
        super().__post_init__()
        # Not a dataclass field: the subclass has a __dict__ for extra state.
        self.__dict__["post_init_calls"] = self.__dict__.get("post_init_calls", 0) + 1


class HueyStyleBackend(ImmediateBackend):
    task_class = HueyStyleTask


class RecordingImmediateBackend(ImmediateBackend):
    """An ImmediateBackend subclass that also keeps its results, like backends
    that build on ImmediateBackend for tests."""

    supports_get_result = True

    def __init__(self, alias: str, params: dict[str, Any]) -> None:
        super().__init__(alias, params)
        self.results: dict[str, TaskResult[..., Any]] = {}

    def enqueue(
        self, task: Task[P, R], args: list[Any], kwargs: dict[str, Any]
    ) -> TaskResult[P, R]:
        result = super().enqueue(task, args, kwargs)
        self.results[result.id] = result
        return result

    def get_result(self, result_id: str) -> TaskResult[..., Any]:
        try:
            return self.results[result_id]
        except KeyError:
            raise TaskResultDoesNotExist(result_id) from None


class StoreBackend(BaseTaskBackend):
    """A BaseTaskBackend subclass that "runs" tasks on demand, setting the
    private ``_return_value`` as backends built on the older backport do."""

    supports_get_result = True
    supports_priority = True

    def __init__(self, alias: str, params: dict[str, Any]) -> None:
        super().__init__(alias, params)
        self.results: dict[str, TaskResult[..., Any]] = {}

    def enqueue(
        self, task: Task[P, R], args: list[Any], kwargs: dict[str, Any]
    ) -> TaskResult[P, R]:
        self.validate_task(task)
        result: TaskResult[P, R] = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=timezone.now(),
            started_at=None,
            finished_at=None,
            last_attempted_at=None,
            args=list(args),
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        self.results[result.id] = result
        return result

    def run(self, result_id: str) -> None:
        result = self.results[result_id]
        value = result.task.call(*result.args, **result.kwargs)
        object.__setattr__(result, "_return_value", value)
        object.__setattr__(result, "status", TaskResultStatus.SUCCESSFUL)
        object.__setattr__(result, "finished_at", timezone.now())

    def get_result(self, result_id: str) -> TaskResult[..., Any]:
        try:
            return self.results[result_id]
        except KeyError:
            raise TaskResultDoesNotExist(result_id) from None


def multiply(x: int, y: int) -> int:
    """Wrapped into a task inside the tests, once their TASKS are in place."""
    return x * y
