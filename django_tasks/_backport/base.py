"""``django.tasks.base``: tasks, results, statuses and their constants."""

import types
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from inspect import isclass, iscoroutinefunction
from typing import (
    TYPE_CHECKING,
    Any,
    Concatenate,
    Literal,
    ParamSpec,
    Protocol,
    TypeVar,
    cast,
    overload,
)

from asgiref.sync import async_to_sync, sync_to_async
from django.db.models.enums import TextChoices
from django.utils.module_loading import import_string

from django_tasks._backport._utils import normalize_json, pgettext_lazy
from django_tasks._backport.exceptions import TaskResultMismatch

if TYPE_CHECKING:
    from typing import Generic as _TypeParameters

    from typing_extensions import Self

    from django_tasks._backport.backends.base import BaseTaskBackend

# Typing: declared as django-stubs declares them (not as literals).
DEFAULT_TASK_BACKEND_ALIAS: str = "default"
DEFAULT_TASK_PRIORITY: int = 0
DEFAULT_TASK_QUEUE_NAME: str = "default"
TASK_MAX_PRIORITY: int = 100
TASK_MIN_PRIORITY: int = -100
TASK_REFRESH_ATTRS: set[str] = {
    "errors",
    "_return_value",
    "finished_at",
    "started_at",
    "last_attempted_at",
    "status",
    "enqueued_at",
    "worker_ids",
}


class TaskResultStatus(TextChoices):
    # The Task has just been enqueued, or is ready to be executed again.
    READY = ("READY", pgettext_lazy("Task", "Ready"))
    # The Task is currently running.
    RUNNING = ("RUNNING", pgettext_lazy("Task", "Running"))
    # The Task raised an exception during execution, or was unable to start.
    FAILED = ("FAILED", pgettext_lazy("Task", "Failed"))
    # The Task has finished running successfully.
    SUCCESSFUL = ("SUCCESSFUL", pgettext_lazy("Task", "Successful"))


P = ParamSpec("P")
R = TypeVar("R")

if not TYPE_CHECKING:

    class _TypeParameters:
        """Compat: ``Task[P, R]`` at runtime, as the older django-tasks backport
        allowed (annotations evaluated at runtime, subclasses such as
        django-tasks-db's ``TaskResult[T]``); its one-parameter spelling
        ``TaskResult[T]`` means ``TaskResult[..., T]``. Django's classes are
        not subscriptable; checkers see ``typing.Generic`` (django-stubs' two
        parameters), which cannot take the one-parameter spelling at runtime.
        """

        __slots__ = ()

        def __class_getitem__(cls, params):
            if not isinstance(params, tuple):
                params = (..., params)
            if len(params) != 2:
                raise TypeError(
                    f"{cls.__name__}[...] takes one or two type arguments, got {len(params)}."
                )
            return types.GenericAlias(cls, params)


# Each dataclass has a docstring: for a class without one, @dataclass builds
# one with inspect.signature(), a tenth of the import.
@dataclass(frozen=True, slots=True, kw_only=True)
class Task(_TypeParameters[P, R]):
    """A function made into a task, with the defaults its enqueued runs get."""

    func: Callable[..., R]  # The Task function.
    priority: int = DEFAULT_TASK_PRIORITY
    backend: str = DEFAULT_TASK_BACKEND_ALIAS
    queue_name: str = DEFAULT_TASK_QUEUE_NAME
    run_after: datetime | None = None  # The earliest this Task will run.

    # Whether the Task receives the Task context when executed.
    takes_context: bool = False

    def __post_init__(self) -> None:
        self.get_backend().validate_task(self)

    @classmethod
    def _reconstruct(cls, kwargs: dict[str, Any]) -> "Self":
        func_path = kwargs["func"]
        msg = f"Expected {func_path!r} to point to a Task instance."
        try:
            func = import_string(func_path)
        except ImportError as e:
            raise ValueError(msg) from e
        # Divergence: Django takes ``.func`` from whatever the path names; a
        # Task is required here, so a crafted pickle cannot make a Task of any
        # object with a ``func`` attribute (a functools.partial of os.system).
        if not isinstance(func, Task):
            raise ValueError(msg)
        kwargs["func"] = func.func
        return cls(**kwargs)

    def __reduce__(self) -> "tuple[Callable[[dict[str, Any]], Self], tuple[dict[str, Any]]]":
        kwargs = {f.name: getattr(self, f.name) for f in fields(self)}
        kwargs["func"] = self.module_path

        return (self.__class__._reconstruct, (kwargs,))

    @property
    def name(self) -> str:
        return self.func.__name__

    def using(
        self,
        *,
        priority: int | None = None,
        queue_name: str | None = None,
        run_after: datetime | None = None,
        backend: str | None = None,
    ) -> "Self":
        """Create a new Task with modified defaults."""

        changes: dict[str, Any] = {}
        if priority is not None:
            changes["priority"] = priority
        if queue_name is not None:
            changes["queue_name"] = queue_name
        if run_after is not None:
            changes["run_after"] = run_after
        if backend is not None:
            changes["backend"] = backend
        return replace(self, **changes)

    # Typing: backends declare ``args: list[Any]`` as django-stubs does (see
    # BaseTaskBackend.enqueue); they receive this tuple, as in Django.
    def enqueue(self, *args: P.args, **kwargs: P.kwargs) -> "TaskResult[P, R]":
        """Queue up the Task to be executed."""
        return self.get_backend().enqueue(self, args, kwargs)  # type: ignore[arg-type]

    async def aenqueue(self, *args: P.args, **kwargs: P.kwargs) -> "TaskResult[P, R]":
        """Queue up the Task to be executed."""
        return await self.get_backend().aenqueue(self, args, kwargs)  # type: ignore[arg-type]

    def get_result(self, result_id: str) -> "TaskResult[P, R]":
        """
        Retrieve a task result by id.

        Raise TaskResultDoesNotExist if such result does not exist, or raise
        TaskResultMismatch if the result exists but belongs to another Task.
        """
        result = self.get_backend().get_result(result_id)
        if result.task.func != self.func:
            raise TaskResultMismatch(f"Task does not match (received {result.task.module_path!r})")
        return cast("TaskResult[P, R]", result)

    async def aget_result(self, result_id: str) -> "TaskResult[P, R]":
        """See get_result()."""
        result = await self.get_backend().aget_result(result_id)
        if result.task.func != self.func:
            raise TaskResultMismatch(f"Task does not match (received {result.task.module_path!r})")
        return cast("TaskResult[P, R]", result)

    def call(self, *args: P.args, **kwargs: P.kwargs) -> R:
        if iscoroutinefunction(self.func):
            return async_to_sync(self.func)(*args, **kwargs)  # type: ignore[no-any-return]
        return self.func(*args, **kwargs)

    async def acall(self, *args: P.args, **kwargs: P.kwargs) -> R:
        if iscoroutinefunction(self.func):
            return await self.func(*args, **kwargs)  # type: ignore[no-any-return]
        return await sync_to_async(self.func)(*args, **kwargs)

    def get_backend(self) -> "BaseTaskBackend":
        from django_tasks._backport import task_backends

        return task_backends[self.backend]

    @property
    def module_path(self) -> str:
        return f"{self.func.__module__}.{self.func.__qualname__}"


# The decorator's types have django-stubs' shape (so code checks the same on
# Django 6 with django-stubs), except that an async function gives a
# Task[P, R] of its awaited result R: call(), acall() and return_value give R
# at runtime, not a coroutine. Extra keyword arguments (forwarded to the
# backend's task_class since Django 6.1) are left out of the overloads, as
# django-stubs leaves them out.
# Only checkers need the protocols.
if TYPE_CHECKING:

    class _TaskDecorator(Protocol):
        @overload
        def __call__(self, function: Callable[P, Coroutine[Any, Any, R]], /) -> Task[P, R]: ...
        @overload
        def __call__(self, function: Callable[P, R], /) -> Task[P, R]: ...

    class _ContextTaskDecorator(Protocol):
        @overload
        def __call__(
            self,
            function: "Callable[Concatenate[TaskContext[Any, Any], P], Coroutine[Any, Any, R]]",
            /,
        ) -> Task[P, R]: ...
        @overload
        def __call__(
            self, function: "Callable[Concatenate[TaskContext[Any, Any], P], R]", /
        ) -> Task[P, R]: ...


@overload
def task(
    function: "Callable[Concatenate[TaskContext[Any, Any], P], Coroutine[Any, Any, R]]",
    *,
    priority: int = ...,
    queue_name: str = ...,
    backend: str = ...,
    takes_context: "Literal[True]",
) -> "Task[P, R]": ...
@overload
def task(
    function: "Callable[Concatenate[TaskContext[Any, Any], P], R]",
    *,
    priority: int = ...,
    queue_name: str = ...,
    backend: str = ...,
    takes_context: "Literal[True]",
) -> "Task[P, R]": ...
@overload
def task(
    function: "Callable[P, Coroutine[Any, Any, R]]",
    *,
    priority: int = ...,
    queue_name: str = ...,
    backend: str = ...,
    takes_context: "Literal[False]" = False,
) -> "Task[P, R]": ...
@overload
def task(
    function: "Callable[P, R]",
    *,
    priority: int = ...,
    queue_name: str = ...,
    backend: str = ...,
    takes_context: "Literal[False]" = False,
) -> "Task[P, R]": ...
@overload
def task(
    function: None = None,
    *,
    priority: int = ...,
    queue_name: str = ...,
    backend: str = ...,
    takes_context: "Literal[True]",
) -> "_ContextTaskDecorator": ...
@overload
def task(
    function: None = None,
    *,
    priority: int = ...,
    queue_name: str = ...,
    backend: str = ...,
    takes_context: "Literal[False]" = False,
) -> "_TaskDecorator": ...
def task(
    function: "Callable[..., Any] | None" = None,
    *,
    priority: int = DEFAULT_TASK_PRIORITY,
    queue_name: str = DEFAULT_TASK_QUEUE_NAME,
    backend: str = DEFAULT_TASK_BACKEND_ALIAS,
    takes_context: bool = False,
    **kwargs: Any,
) -> "Task[..., Any] | Callable[[Callable[..., Any]], Task[..., Any]]":
    from django_tasks._backport import task_backends

    if "run_after" in kwargs:
        raise TypeError(
            "run_after cannot be defined statically with the @task decorator. "
            "Use .using(run_after=...) to set it dynamically."
        )

    def wrapper(f: "Callable[..., Any]") -> "Task[..., Any]":
        return task_backends[backend].task_class(
            func=f,
            priority=priority,
            queue_name=queue_name,
            backend=backend,
            takes_context=takes_context,
            **kwargs,
        )

    if function:
        return wrapper(function)
    return wrapper


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskError:
    """An exception a task run raised: its class's dotted path and its traceback."""

    exception_class_path: str
    traceback: str

    @property
    def exception_class(self) -> type[BaseException]:
        # Resolved lazily: the class may live in code the reader has not imported.
        exception_class = import_string(self.exception_class_path)

        if not isclass(exception_class) or not issubclass(exception_class, BaseException):
            raise ValueError(
                f"{self.exception_class_path!r} does not reference a valid exception."
            )
        return exception_class


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskResult(_TypeParameters[P, R]):
    """One enqueued run of a Task: its arguments, status, timestamps and outcome."""

    task: Task[P, R]

    id: str  # Unique identifier for the task result.
    status: TaskResultStatus
    enqueued_at: datetime | None  # Time the task was enqueued.
    started_at: datetime | None  # Time the task was started.
    finished_at: datetime | None  # Time the task was finished.

    # Time the task was last attempted to be run.
    last_attempted_at: datetime | None

    args: list[Any]  # Arguments to pass to the task function.
    kwargs: dict[str, Any]  # Keyword arguments to pass to the task function.
    backend: str
    errors: list[TaskError]  # Errors raised when running the task.
    worker_ids: list[str]  # Workers which have processed the task.

    # Compat: backends written against the older backport set it directly
    # (object.__setattr__), as Django's own backends do.
    _return_value: R | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        object.__setattr__(self, "args", normalize_json(self.args))
        object.__setattr__(self, "kwargs", normalize_json(self.kwargs))

    @property
    def return_value(self) -> R:
        """
        The return value of the task.

        If the task didn't succeed, an exception is raised.
        This is to distinguish against the task returning None.
        """
        if self.status == TaskResultStatus.SUCCESSFUL:
            return self._return_value  # type: ignore[return-value]
        elif self.status == TaskResultStatus.FAILED:
            raise ValueError("Task failed")
        else:
            raise ValueError("Task has not finished yet")

    @property
    def is_finished(self) -> bool:
        return self.status in {TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL}

    @property
    def attempts(self) -> int:
        return len(self.worker_ids)

    def refresh(self) -> None:
        """Reload the cached task data from the task store."""
        refreshed_task = self.task.get_backend().get_result(self.id)

        for attr in TASK_REFRESH_ATTRS:
            object.__setattr__(self, attr, getattr(refreshed_task, attr))

    async def arefresh(self) -> None:
        """
        Reload the cached task data from the task store
        """
        refreshed_task = await self.task.get_backend().aget_result(self.id)
        for attr in TASK_REFRESH_ATTRS:
            object.__setattr__(self, attr, getattr(refreshed_task, attr))


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskContext(_TypeParameters[P, R]):
    """What a task declared with ``takes_context=True`` receives first."""

    task_result: TaskResult[P, R]

    @property
    def attempt(self) -> int:
        return self.task_result.attempts


# Divergence: shown under their public module in reprs, pickles and tracebacks.
for _public in (TaskResultStatus, Task, task, TaskError, TaskResult, TaskContext):
    _public.__module__ = "django_tasks.base"
