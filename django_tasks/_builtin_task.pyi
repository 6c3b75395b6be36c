"""task() for type checkers in DJANGO_TASKS_BUILTIN_TYPES mode (see _typing.pyi).

The backport's overloads of task() (django_tasks._backport.base), making
Django's Task: django-stubs types an async function's task as a Task of a
coroutine, though call(), acall() and return_value give the awaited result.
At runtime django_tasks.task is django.tasks.task on Django >= 6.0.
"""

from collections.abc import Callable, Coroutine
from typing import Any, Concatenate, Literal, Protocol, overload

from django.tasks.base import Task, TaskContext
from typing_extensions import ParamSpec, TypeVar

_P = ParamSpec("_P")
_R = TypeVar("_R")

class _TaskDecorator(Protocol):
    @overload
    def __call__(self, function: Callable[_P, Coroutine[Any, Any, _R]], /) -> Task[_P, _R]: ...
    @overload
    def __call__(self, function: Callable[_P, _R], /) -> Task[_P, _R]: ...

class _ContextTaskDecorator(Protocol):
    @overload
    def __call__(
        self,
        function: Callable[Concatenate[TaskContext[Any, Any], _P], Coroutine[Any, Any, _R]],
        /,
    ) -> Task[_P, _R]: ...
    @overload
    def __call__(
        self, function: Callable[Concatenate[TaskContext[Any, Any], _P], _R], /
    ) -> Task[_P, _R]: ...

@overload
def task(
    function: Callable[Concatenate[TaskContext[Any, Any], _P], Coroutine[Any, Any, _R]],
    *,
    priority: int = ...,
    queue_name: str = ...,
    backend: str = ...,
    takes_context: Literal[True],
) -> Task[_P, _R]: ...
@overload
def task(
    function: Callable[Concatenate[TaskContext[Any, Any], _P], _R],
    *,
    priority: int = ...,
    queue_name: str = ...,
    backend: str = ...,
    takes_context: Literal[True],
) -> Task[_P, _R]: ...
@overload
def task(
    function: Callable[_P, Coroutine[Any, Any, _R]],
    *,
    priority: int = ...,
    queue_name: str = ...,
    backend: str = ...,
    takes_context: Literal[False] = False,
) -> Task[_P, _R]: ...
@overload
def task(
    function: Callable[_P, _R],
    *,
    priority: int = ...,
    queue_name: str = ...,
    backend: str = ...,
    takes_context: Literal[False] = False,
) -> Task[_P, _R]: ...
@overload
def task(
    function: None = None,
    *,
    priority: int = ...,
    queue_name: str = ...,
    backend: str = ...,
    takes_context: Literal[True],
) -> _ContextTaskDecorator: ...
@overload
def task(
    function: None = None,
    *,
    priority: int = ...,
    queue_name: str = ...,
    backend: str = ...,
    takes_context: Literal[False] = False,
) -> _TaskDecorator: ...
