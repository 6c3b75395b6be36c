"""Building and copying TaskResults, shared by the Immediate and Dummy backends.

These run on every enqueue, so they avoid the generic machinery Django uses
(the dataclass ``__init__`` with twelve keyword arguments, ``deepcopy``) and
write the slots directly; what they produce is the same.
"""

from array import array
from collections.abc import Callable
from copy import deepcopy
from dataclasses import fields
from typing import Any, ParamSpec, TypeVar

from django_tasks._backport import copy_json, new_result_id
from django_tasks._backport.base import Task, TaskResult, TaskResultStatus, normalize_task_value

P = ParamSpec("P")
R = TypeVar("R")

# The fields new_task_result() fills, in TaskResult's order.
_NEW_RESULT_FIELDS = (
    "task",
    "id",
    "status",
    "enqueued_at",
    "started_at",
    "finished_at",
    "last_attempted_at",
    "args",
    "kwargs",
    "backend",
    "errors",
    "worker_ids",
    "_return_value",
)


def _slot_setter(name: str) -> Callable[[Any, Any], None]:
    """The ``__set__`` of TaskResult's slot ``name``: what
    ``object.__setattr__(result, name, value)`` ends up calling on a frozen
    dataclass, minus the attribute lookup."""
    setter: Callable[[Any, Any], None] = vars(TaskResult)[name].__set__
    return setter


(
    _set_task,
    _set_id,
    set_status,
    set_enqueued_at,
    set_started_at,
    set_finished_at,
    set_last_attempted_at,
    _set_args,
    _set_kwargs,
    _set_backend,
    _set_errors,
    _set_worker_ids,
    set_return_value,
) = map(_slot_setter, _NEW_RESULT_FIELDS)

# Only when TaskResult still has exactly these fields: a field added to it
# later must not be left unset, so new_task_result() then calls the class.
_FAST_CONSTRUCTION = tuple(f.name for f in fields(TaskResult)) == _NEW_RESULT_FIELDS

_new_object = object.__new__
_READY: TaskResultStatus = TaskResultStatus.READY


def new_task_result(
    task: Task[P, R], args: Any, kwargs: dict[str, Any], backend_alias: str
) -> TaskResult[P, R]:
    """``TaskResult(task=task, id=<new id>, status=READY, args=args, ...)``
    as Django's backends build it, without the keyword-argument call."""
    if not _FAST_CONSTRUCTION:
        return TaskResult(
            task=task,
            id=new_result_id(),
            status=_READY,
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
    result: TaskResult[P, R] = _new_object(TaskResult)  # pyright: ignore[reportUnknownVariableType]
    _set_task(result, task)
    _set_id(result, new_result_id())
    set_status(result, _READY)
    set_enqueued_at(result, None)
    set_started_at(result, None)
    set_finished_at(result, None)
    set_last_attempted_at(result, None)
    # Normalised to JSON types, with the same errors, as TaskResult.__post_init__
    # (which the dataclass __init__ calls) does.
    _set_args(result, normalize_task_value(args))
    _set_kwargs(result, normalize_task_value(kwargs))
    _set_backend(result, backend_alias)
    _set_errors(result, [])
    _set_worker_ids(result, [])
    set_return_value(result, None)
    return result


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def independent_copy(result: TaskResult[P, R]) -> TaskResult[P, R]:
    """A copy of ``result`` that shares no mutable state with it.

    Django deep-copies, which also re-imports the task through its pickling
    hook; the values in a TaskResult are JSON types, frozen dataclasses
    (``Task``, ``TaskError``) and datetimes, so copying the containers is
    enough and much cheaper.

    Divergence: because Django's deep copy re-imports the task by its path,
    Django 6.1's DummyBackend.enqueue raises ValueError ("Expected '...' to
    point to a Task instance.") for a Task not found at its module path (one
    built with ``Task(func=...)`` and never assigned there), after storing the
    result. The backport shares the frozen Task and returns the copy.
    """
    result_class = type(result)
    names = _FIELD_NAMES.get(result_class)
    if names is None:
        names = _FIELD_NAMES[result_class] = tuple(f.name for f in fields(result_class))
    clone = _new_object(result_class)
    setattr_ = object.__setattr__
    for name in names:
        setattr_(clone, name, copy_json(getattr(result, name)))
    # A subclass without slots may carry attributes of its own, of any type.
    extra = getattr(result, "__dict__", None)
    if extra:
        for name, value in extra.items():
            setattr_(clone, name, deepcopy(value))
    return clone


class ResultIndex:
    """Where each id sits in a list of results: DummyBackend's lookup table.

    An open-addressing hash table of list positions in an ``array`` of int32,
    4 bytes a slot where a dict spends 16 to 32 bytes an entry: with it a
    stored result costs no more memory than in Django, which only keeps the
    list. A hit is checked against the list itself (``results[position].id``),
    so a list changed behind the index's back gives a miss, never a wrong
    result; DummyBackend then falls back to Django's scan.
    """

    __slots__ = ("_count", "_mask", "_slots")

    def __init__(self, results: list[TaskResult[..., Any]]) -> None:
        # Room for half as many again as there are: at most 2/3 full.
        capacity = 8
        while capacity * 2 < len(results) * 3 + 3:
            capacity *= 2
        self._slots = array("i", bytes(4 * capacity))  # position + 1; 0 is empty
        self._mask = capacity - 1
        self._count = 0
        for position, result in enumerate(results):
            self.add(results, position, result.id)

    def add(self, results: list[TaskResult[..., Any]], position: int, result_id: str) -> None:
        """Index ``results[position]``, unless an earlier result has its id
        (Django's scan returns the first one)."""
        try:
            probe = hash(result_id)
        except TypeError:
            return  # equals no string id; DummyBackend's scan still finds it
        if (self._count + 1) * 3 > len(self._slots) * 2:
            self._grow(results)
        slots, mask = self._slots, self._mask
        probe &= mask
        while slot := slots[probe]:
            if results[slot - 1].id == result_id:
                return
            probe = (probe + 1) & mask
        slots[probe] = position + 1
        self._count += 1

    def find(self, results: list[TaskResult[..., Any]], result_id: str) -> Any:
        """The indexed result with this id, or None."""
        slots, mask = self._slots, self._mask
        probe = hash(result_id) & mask
        length = len(results)
        while slot := slots[probe]:
            if slot <= length:
                result = results[slot - 1]
                if result.id == result_id:
                    return result
            probe = (probe + 1) & mask
        return None

    def _grow(self, results: list[TaskResult[..., Any]]) -> None:
        positions = [slot - 1 for slot in self._slots if slot]
        capacity = len(self._slots) * 2
        self._slots = array("i", bytes(4 * capacity))
        self._mask = capacity - 1
        self._count = 0
        for position in sorted(positions):
            self.add(results, position, results[position].id)
