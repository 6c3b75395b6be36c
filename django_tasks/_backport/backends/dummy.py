from typing import Any

from django.utils import timezone
from typing_extensions import ParamSpec, TypeVar

from django_tasks._backport._utils import set_public_module
from django_tasks._backport.backends._results import independent_copy, new_task_result
from django_tasks._backport.backends.base import BaseTaskBackend
from django_tasks._backport.base import Task, TaskResult
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
        # Divergence: Django scans ``results`` on every lookup; an index by id
        # makes get_result constant-time. ``results`` stays the public list.
        self._results_by_id: dict[str, TaskResult[..., Any]] = {}

    def _store_result(self, result: TaskResult[..., Any]) -> None:
        object.__setattr__(result, "enqueued_at", timezone.now())
        self.results.append(result)
        self._results_by_id[result.id] = result
        task_enqueued.send(type(self), task_result=result)  # pyright: ignore[reportUnknownMemberType]

    def enqueue(
        self, task: Task[P, R], args: list[Any], kwargs: dict[str, Any]
    ) -> TaskResult[P, R]:
        self.validate_task(task)

        result = new_task_result(task, args, kwargs, self.alias)
        self._store_result(result)

        # Copy the task to prevent mutation issues.
        return independent_copy(result)

    def get_result(self, result_id: str) -> TaskResult[..., Any]:
        # Results are only scoped to the current thread, hence
        # supports_get_result is False.
        if len(self._results_by_id) != len(self.results):
            # ``results`` is public: code appended to it, removed from it or
            # cleared it directly. Rebuild the index, keeping the first result
            # for an id as Django's scan would find it.
            self._results_by_id = {result.id: result for result in reversed(self.results)}
        try:
            return self._results_by_id[result_id]
        except KeyError:
            raise TaskResultDoesNotExist(result_id) from None

    async def aget_result(self, result_id: str) -> TaskResult[..., Any]:
        return self.get_result(result_id)

    def clear(self) -> None:
        self.results.clear()
        self._results_by_id.clear()


set_public_module("django_tasks.backends.dummy", DummyBackend)
