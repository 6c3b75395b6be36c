from typing import Any, ParamSpec, TypeVar

from django.utils import timezone

from django_tasks._backport import TaskResultDoesNotExist, set_public_module
from django_tasks._backport.backends._results import (
    ResultIndex,
    independent_copy,
    new_task_result,
    set_enqueued_at,
)
from django_tasks._backport.backends.base import BaseTaskBackend
from django_tasks._backport.base import Task, TaskResult
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
        # makes get_result constant-time. ``results`` stays the public list;
        # the index follows it (see get_result() for changes made directly).
        self._reindex()

    def _reindex(self) -> None:
        results = self.results
        self._index = ResultIndex(results)
        self._indexed_list = results
        self._indexed_length = len(results)

    def _store_result(self, result: TaskResult[..., Any]) -> None:
        set_enqueued_at(result, timezone.now())
        results = self.results
        index_is_current = results is self._indexed_list and len(results) == self._indexed_length
        results.append(result)
        if index_is_current:
            self._index.add(results, self._indexed_length, result.id)
            self._indexed_length += 1
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
        results = self.results
        if results is not self._indexed_list or len(results) != self._indexed_length:
            # Code appended to ``results``, removed from it, cleared or
            # replaced it.
            self._reindex()
        try:
            found = self._index.find(results, result_id)
        except TypeError:  # an unhashable id
            found = None
        if found is not None:
            return found  # type: ignore[no-any-return]
        # Not there, or put in place of another result directly (the index
        # checks every hit against the list, so it never returns a stale
        # one): Django's scan decides, at Django's cost.
        for result in results:
            if result.id == result_id:
                self._reindex()
                return result
        raise TaskResultDoesNotExist(result_id)

    async def aget_result(self, result_id: str) -> TaskResult[..., Any]:
        return self.get_result(result_id)

    def clear(self) -> None:
        self.results.clear()
        self._reindex()


set_public_module("django_tasks.backends.dummy", DummyBackend)
