"""Module-level tasks used across the tests (tasks must be module-level, and
pickling re-imports them by path)."""

from __future__ import annotations

from typing import Any

from django_tasks import TaskContext, task


@task
def add(x: int, y: int) -> int:
    return x + y


@task()
def noop(*args: Any, **kwargs: Any) -> None:
    return None


@task()
async def async_add(x: int, y: int) -> int:
    return x + y


@task(takes_context=True)
def context_info(context: TaskContext[..., Any], value: str) -> dict[str, Any]:
    return {"id": context.task_result.id, "attempt": context.attempt, "value": value}


@task()
def fail(message: str) -> None:
    raise ValueError(message)


@task()
def return_unserialisable() -> object:
    return object()


@task()
def echo(*args: Any, **kwargs: Any) -> list[Any]:
    return [list(args), kwargs]


def plain_function() -> None:
    """Not a task: used to check that unpickling rejects paths to non-tasks."""
