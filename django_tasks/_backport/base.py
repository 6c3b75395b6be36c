import sys
import types
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from inspect import isclass
from reprlib import recursive_repr
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
from django.utils.text import format_lazy

from django_tasks._backport import (
    TaskResultMismatch,
    is_coroutine_function,
    normalize_json,
    set_public_module,
)

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

    from django_tasks._backport.backends.base import BaseTaskBackend
    from django_tasks._backport.registry import TaskBackendHandler

# Breakpoint: typing.Self is new in Python 3.11; import it from typing once
# 3.11 is the minimum. Not typing_extensions on newer Pythons: importing it
# costs more than this whole module (see benchmarks/).
if sys.version_info >= (3, 11):
    from typing import Self
else:
    from typing_extensions import Self

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

P = ParamSpec("P")
R = TypeVar("R")


def _status_label(message: str) -> str:
    """``pgettext("Task", message)``, with this package's own catalogs as fallback.

    Breakpoint: Django's catalogs translate the labels from Django 6.0 on; until
    then a project's catalogs (LOCALE_PATHS, its apps) win and this package's
    (domain "django_tasks", so Django never merges them into its own) fill in.
    """
    from django_tasks._backport._translations import translate_status_label

    return translate_status_label(message)


class _StatusLabel:
    """A status label that translates itself whenever it is formatted."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message

    def __format__(self, format_spec: str) -> str:
        return format(_status_label(self.message), format_spec)


def _status_label_lazy(message: str) -> "StrOrPromise":
    """A lazy translation of ``message``, as ``pgettext_lazy("Task", message)``."""
    # format_lazy("{}", label) is a lazy str re-evaluated on each use, like
    # pgettext_lazy's: the proxy class exists already. lazy(_status_label, str)
    # would build a new one here, about 2% of the package's import.
    return format_lazy("{}", _StatusLabel(message))


def normalize_task_value(value: Any) -> Any:
    """``normalize_json`` for a task's arguments and return value."""
    try:
        return normalize_json(value)
    except RecursionError:
        # Divergence: Django lets the RecursionError out, with a traceback a
        # thousand frames long (stored in a failed task's TaskError too); the
        # same class, with one line saying why.
        from django_tasks._backport._input_errors import _NestedTooDeeply

        raise _NestedTooDeeply() from None


class TaskResultStatus(TextChoices):
    # The Task has just been enqueued, or is ready to be executed again.
    READY = ("READY", _status_label_lazy("Ready"))
    # The Task is currently running.
    RUNNING = ("RUNNING", _status_label_lazy("Running"))
    # The Task raised an exception during execution, or was unable to start.
    FAILED = ("FAILED", _status_label_lazy("Failed"))
    # The Task has finished running successfully.
    SUCCESSFUL = ("SUCCESSFUL", _status_label_lazy("Successful"))


if TYPE_CHECKING:
    from typing import Generic as _TypeParameters
else:

    class _TypeParameters:
        """What ``typing.Generic`` gives the classes at runtime, for less.

        Compat: ``Task[P, R]`` works at runtime (annotations evaluated at
        runtime, subclasses such as django-tasks-db's ``TaskResult[T]``), and so
        does the older django-tasks backport's one-parameter spelling:
        ``TaskResult[T]`` means ``TaskResult[..., T]`` (django-stubs spells two).
        ``typing.Generic`` as a base would add to each class's creation at
        import (its ``__init_subclass__`` runs twice per slotted dataclass) for
        nothing more at runtime; checkers see ``Generic``.
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


# The registry, once Task.get_backend() first needs it: an import statement
# in every call would cost a quarter of the method.
_task_backends: "TaskBackendHandler | None" = None


def _load_task_backends() -> "TaskBackendHandler":
    global _task_backends
    # Imported here: the registry imports this module.
    from django_tasks._backport.registry import task_backends

    _task_backends = task_backends
    return task_backends


# Divergence: Task, TaskError and TaskResult are Django's dataclasses field for
# field (frozen, slotted, keyword-only, compared field by field), with
# __init__, __repr__ and __hash__ written out: @dataclass compiles the source of
# each method it generates, and those three methods of the three classes were
# a third of the instructions of ``import django_tasks`` on Python 3.12. They
# behave as the generated ones (tests/test_base.py checks them against a
# dataclass generated from the same fields); only ``__dataclass_params__``
# differs (init and repr are False). Each class has a docstring too: for a
# class without one, @dataclass writes one from inspect.signature(), also slow.
_set_field = object.__setattr__


@recursive_repr()
def _fields_repr(self: Any) -> str:
    """The ``__repr__`` @dataclass generates: ``Class(field=value!r, ...)``."""
    values = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self) if f.repr)
    return f"{self.__class__.__qualname__}({values})"


def _fields_hash(self: Any) -> int:
    """The ``__hash__`` @dataclass generates for a frozen class: the hash of
    the tuple of the compared fields' values."""
    return hash(
        tuple(
            getattr(self, f.name)
            for f in fields(self)
            if (f.compare if f.hash is None else f.hash)
        )
    )


@dataclass(frozen=True, slots=True, kw_only=True, init=False, repr=False)
class Task(_TypeParameters[P, R]):
    """A function made into a task (by the ``task`` decorator), with the
    defaults its enqueued runs get."""

    func: Callable[..., R]  # The Task function.
    priority: int = DEFAULT_TASK_PRIORITY
    backend: str = DEFAULT_TASK_BACKEND_ALIAS
    queue_name: str = DEFAULT_TASK_QUEUE_NAME
    run_after: datetime | None = None  # The earliest this Task will run.

    # Whether the Task receives the Task context when executed.
    takes_context: bool = False

    def __init__(
        self,
        *,
        func: "Callable[..., R]",
        priority: int = DEFAULT_TASK_PRIORITY,
        backend: str = DEFAULT_TASK_BACKEND_ALIAS,
        queue_name: str = DEFAULT_TASK_QUEUE_NAME,
        run_after: "datetime | None" = None,
        takes_context: bool = False,
    ) -> None:
        _set_field(self, "func", func)
        _set_field(self, "priority", priority)
        _set_field(self, "backend", backend)
        _set_field(self, "queue_name", queue_name)
        _set_field(self, "run_after", run_after)
        _set_field(self, "takes_context", takes_context)
        self.__post_init__()

    def __repr__(self) -> str:
        return _fields_repr(self)

    def __hash__(self) -> int:
        return _fields_hash(self)

    def __post_init__(self) -> None:
        self.get_backend().validate_task(self)

    @classmethod
    def _reconstruct(cls, kwargs: dict[str, Any]) -> Self:
        func_path = kwargs["func"]
        msg = f"Expected {func_path!r} to point to a Task instance."
        try:
            func = import_string(func_path)
        except ImportError as e:
            raise ValueError(msg) from e
        # Divergence: Django takes ``.func`` from whatever the path names; the
        # backport insists on a Task, so a crafted pickle cannot turn any object
        # with a ``func`` attribute (a functools.partial of os.system, say) into
        # a Task. Same ValueError and message as Django's for every other path.
        if not isinstance(func, Task):
            raise ValueError(msg)
        # The path names the Task (module attributes are the decorated
        # objects); its function is what the new Task wraps.
        kwargs["func"] = func.func
        return cls(**kwargs)

    def __reduce__(self) -> "tuple[Callable[[dict[str, Any]], Self], tuple[dict[str, Any]]]":
        # Pickle the function by the Task's path, never the function object:
        # unpickling imports the module and takes the Task found there.
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
    ) -> Self:
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

    def enqueue(self, *args: P.args, **kwargs: P.kwargs) -> "TaskResult[P, R]":
        """Queue up the Task to be executed."""
        # Typing: backends declare ``args: list[Any]`` as in django-stubs (see
        # BaseTaskBackend.enqueue); they receive this tuple, as in Django.
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
        return self._check_result_matches(result)

    async def aget_result(self, result_id: str) -> "TaskResult[P, R]":
        """See get_result()."""
        result = await self.get_backend().aget_result(result_id)
        return self._check_result_matches(result)

    def _check_result_matches(self, result: "TaskResult[..., Any]") -> "TaskResult[P, R]":
        if result.task.func != self.func:
            raise TaskResultMismatch(f"Task does not match (received {result.task.module_path!r})")
        # Same function, so the same parameters and return type.
        return cast("TaskResult[P, R]", result)

    def call(self, *args: P.args, **kwargs: P.kwargs) -> R:
        if is_coroutine_function(self.func):
            return async_to_sync(self.func)(*args, **kwargs)  # type: ignore[no-any-return]
        return self.func(*args, **kwargs)

    async def acall(self, *args: P.args, **kwargs: P.kwargs) -> R:
        if is_coroutine_function(self.func):
            return await self.func(*args, **kwargs)  # type: ignore[no-any-return]
        return await sync_to_async(self.func)(*args, **kwargs)

    def get_backend(self) -> "BaseTaskBackend":
        backends = _task_backends
        if backends is None:
            backends = _load_task_backends()
        return backends[self.backend]

    @property
    def module_path(self) -> str:
        return f"{self.func.__module__}.{self.func.__qualname__}"


# The decorator's types have django-stubs' shape (so code checks the same on
# Django 6 with django-stubs), except that an async function gives a
# Task[P, R] of its awaited result R: call(), acall() and return_value give R
# at runtime, not a coroutine. Extra keyword arguments (forwarded to the
# backend's task_class since Django 6.1) are left out of the overloads, as
# django-stubs leaves them out.
# Only checkers need the protocols (the overloads name them in strings); the
# overloads' annotations are strings too: evaluating them at import would
# cost more than the rest of the decorator.
if TYPE_CHECKING:

    class _TaskDecorator(Protocol):
        @overload
        def __call__(self, function: "Callable[P, Coroutine[Any, Any, R]]", /) -> "Task[P, R]": ...
        @overload
        def __call__(self, function: "Callable[P, R]", /) -> "Task[P, R]": ...

    class _ContextTaskDecorator(Protocol):
        @overload
        def __call__(
            self,
            function: "Callable[Concatenate[TaskContext[Any, Any], P], Coroutine[Any, Any, R]]",
            /,
        ) -> "Task[P, R]": ...
        @overload
        def __call__(
            self, function: "Callable[Concatenate[TaskContext[Any, Any], P], R]", /
        ) -> "Task[P, R]": ...


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
    from django_tasks._backport.registry import task_backends

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


@dataclass(frozen=True, slots=True, kw_only=True, init=False, repr=False)
class TaskError:
    """An exception a task run raised: its class's dotted path and its traceback."""

    exception_class_path: str
    traceback: str

    def __init__(self, *, exception_class_path: str, traceback: str) -> None:
        _set_field(self, "exception_class_path", exception_class_path)
        _set_field(self, "traceback", traceback)

    def __repr__(self) -> str:
        return _fields_repr(self)

    def __hash__(self) -> int:
        return _fields_hash(self)

    @property
    def exception_class(self) -> type[BaseException]:
        # Resolved lazily: the class may live in code the reader has not imported.
        exception_class = import_string(self.exception_class_path)

        if not isclass(exception_class) or not issubclass(exception_class, BaseException):
            raise ValueError(
                f"{self.exception_class_path!r} does not reference a valid exception."
            )
        return exception_class


@dataclass(frozen=True, slots=True, kw_only=True, init=False, repr=False)
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

    _return_value: R | None = field(init=False, default=None)

    def __init__(
        self,
        *,
        task: "Task[P, R]",
        id: str,
        status: TaskResultStatus,
        enqueued_at: "datetime | None",
        started_at: "datetime | None",
        finished_at: "datetime | None",
        last_attempted_at: "datetime | None",
        args: "list[Any]",
        kwargs: "dict[str, Any]",
        backend: str,
        errors: "list[TaskError]",
        worker_ids: "list[str]",
    ) -> None:
        _set_field(self, "task", task)
        _set_field(self, "id", id)
        _set_field(self, "status", status)
        _set_field(self, "enqueued_at", enqueued_at)
        _set_field(self, "started_at", started_at)
        _set_field(self, "finished_at", finished_at)
        _set_field(self, "last_attempted_at", last_attempted_at)
        _set_field(self, "args", args)
        _set_field(self, "kwargs", kwargs)
        _set_field(self, "backend", backend)
        _set_field(self, "errors", errors)
        _set_field(self, "worker_ids", worker_ids)
        _set_field(self, "_return_value", None)
        self.__post_init__()

    def __repr__(self) -> str:
        return _fields_repr(self)

    def __hash__(self) -> int:
        return _fields_hash(self)

    def __post_init__(self) -> None:
        _set_field(self, "args", normalize_task_value(self.args))
        _set_field(self, "kwargs", normalize_task_value(self.kwargs))

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
        self._update_from(self.task.get_backend().get_result(self.id))

    async def arefresh(self) -> None:
        """
        Reload the cached task data from the task store
        """
        self._update_from(await self.task.get_backend().aget_result(self.id))

    def _update_from(self, refreshed: "TaskResult[..., Any]") -> None:
        for attr in TASK_REFRESH_ATTRS:
            object.__setattr__(self, attr, getattr(refreshed, attr))


set_public_module("django_tasks.base", TaskResultStatus, Task, task, TaskError, TaskResult)


if TYPE_CHECKING:
    from django_tasks._backport._task_context import TaskContext as TaskContext
else:

    def __getattr__(name: str) -> object:
        # TaskContext is built on first use (see _task_context.py).
        if name == "TaskContext":
            from django_tasks._backport._task_context import TaskContext

            return TaskContext
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
