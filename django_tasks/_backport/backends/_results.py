"""Building and copying TaskResults, shared by the Immediate and Dummy backends."""

from copy import deepcopy
from dataclasses import fields
from typing import Any

from typing_extensions import ParamSpec, TypeVar

from django_tasks._backport._utils import copy_json, get_random_id
from django_tasks._backport.base import Task, TaskResult, TaskResultStatus

P = ParamSpec("P")
R = TypeVar("R")


def new_task_result(
    task: Task[P, R], args: Any, kwargs: dict[str, Any], backend_alias: str
) -> TaskResult[P, R]:
    return TaskResult(
        task=task,
        id=get_random_id(32),
        status=TaskResultStatus.READY,
        enqueued_at=None,
        started_at=None,
        last_attempted_at=None,
        finished_at=None,
        args=args,
        kwargs=kwargs,
        backend=backend_alias,
        errors=[],
        worker_ids=[],
    )


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def independent_copy(result: TaskResult[P, R]) -> TaskResult[P, R]:
    """A copy of ``result`` that shares no mutable state with it.

    Django deep-copies, which also re-imports the task through its pickling
    hook; the values in a TaskResult are JSON types, frozen dataclasses
    (``Task``, ``TaskError``) and datetimes, so copying the containers is
    enough and much cheaper.
    """
    result_class = type(result)
    names = _FIELD_NAMES.get(result_class)
    if names is None:
        names = _FIELD_NAMES[result_class] = tuple(f.name for f in fields(result_class))
    clone = object.__new__(result_class)
    for name in names:
        object.__setattr__(clone, name, copy_json(getattr(result, name)))
    # A subclass without slots may carry attributes of its own, of any type.
    extra = getattr(result, "__dict__", None)
    if extra:
        for name, value in extra.items():
            object.__setattr__(clone, name, deepcopy(value))
    return clone
