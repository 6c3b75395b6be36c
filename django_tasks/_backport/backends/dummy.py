"""``django.tasks.backends.dummy``, public as ``django_tasks.backends.dummy``."""

from dataclasses import replace
from typing import Any, ParamSpec, TypeVar

from django.utils import timezone

from django_tasks._backport._utils import get_random_string
from django_tasks._backport.backends.base import BaseTaskBackend
from django_tasks._backport.base import Task, TaskResult, TaskResultStatus
from django_tasks._backport.exceptions import TaskResultDoesNotExist
from django_tasks._backport.signals import task_enqueued

P = ParamSpec("P")
R = TypeVar("R")


class DummyBackend(BaseTaskBackend):
    supports_defer = True
    supports_async_task = True
    supports_priority = True

    def __init__(self, alias: str, params: dict[str, Any]) -> None:
        super().__init__(alias, params)
        self.results: list[TaskResult[..., Any]] = []
        # Divergence: Django scans ``results`` on every lookup; this index (id
        # -> position in ``results``) makes get_result constant-time.
        # ``results`` stays the public list: get_result checks each hit
        # against it, so changes made to it directly are never missed.
        self._positions: dict[str, int] = {}

    def _store_result(self, result: TaskResult[..., Any]) -> None:
        object.__setattr__(result, "enqueued_at", timezone.now())
        self._positions.setdefault(result.id, len(self.results))
        self.results.append(result)
        task_enqueued.send(type(self), task_result=result)  # pyright: ignore[reportUnknownMemberType]

    def enqueue(
        self, task: Task[P, R], args: list[Any], kwargs: dict[str, Any]
    ) -> TaskResult[P, R]:
        self.validate_task(task)

        result = TaskResult(
            task=task,
            id=get_random_string(32),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )

        self._store_result(result)

        # Copy the task to prevent mutation issues.
        # Divergence: Django deep-copies, which re-imports the Task by its
        # module path (Task.__reduce__), so a Task not found there fails with
        # ValueError after its result was stored. A new result from the same
        # values shares nothing mutable: __post_init__ rebuilds args and
        # kwargs, the Task and the TaskErrors are frozen. Also 10x cheaper.
        return replace(result, errors=result.errors.copy(), worker_ids=result.worker_ids.copy())

    def get_result(self, result_id: str) -> TaskResult[..., Any]:
        # Results are only scoped to the current thread, hence
        # supports_get_result is False.
        try:
            position = self._positions.get(result_id, -1)
        except TypeError:  # An unhashable id equals no stored one.
            position = -1
        if 0 <= position < len(self.results) and self.results[position].id == result_id:
            return self.results[position]
        # Not stored, or ``results`` was changed directly: Django's scan
        # decides, and a hit means the index is out of date.
        try:
            result = next(result for result in self.results if result.id == result_id)
        except StopIteration:
            raise TaskResultDoesNotExist(result_id) from None
        self._positions = {}
        for position, stored in enumerate(self.results):
            self._positions.setdefault(stored.id, position)
        return result

    async def aget_result(self, result_id: str) -> TaskResult[..., Any]:
        # Divergence: Django repeats get_result()'s scan here.
        return self.get_result(result_id)

    def clear(self) -> None:
        self.results.clear()
        self._positions.clear()


# Divergence: shown under its public module in reprs, pickles and tracebacks.
DummyBackend.__module__ = "django_tasks.backends.dummy"
