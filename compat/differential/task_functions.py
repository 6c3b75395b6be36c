"""Module-level functions for the differential tests' tasks.

A task's function must be defined at module level, and Django's DummyBackend
deep-copies results, which re-imports the task by its path: so, as ``@task``
would, each name here is a Task (a built-in one; either implementation's Task
takes its ``.func``). Use ``FUNCTIONS[name]`` for the plain function.
"""

import functools
from typing import Any

from django.tasks import task


class CustomError(Exception):
    """An exception class defined outside any library."""


@task
def echo(*args: Any, **kwargs: Any) -> Any:
    return [args, kwargs]


@task
async def async_echo(*args: Any, **kwargs: Any) -> Any:
    return [args, kwargs]


@task
def give(value: Any) -> Any:
    return value


@task(takes_context=True)
def with_context(context: Any, *args: Any, **kwargs: Any) -> Any:
    return {
        "attempt": context.attempt,
        "status": context.task_result.status,
        "args": context.task_result.args,
        "kwargs": context.task_result.kwargs,
        "worker_ids": len(context.task_result.worker_ids),
    }


@task(takes_context=True)
async def async_with_context(context: Any) -> Any:
    return context.attempt


def context_not_first(value: Any, context: Any) -> None:
    return None


def context_keyword_only(*, context: Any) -> None:
    return None


def context_positional_only(context: Any, /) -> None:
    return None


def no_parameters() -> None:
    return None


_EXCEPTIONS: dict[str, type[BaseException]] = {
    "ValueError": ValueError,
    "KeyError": KeyError,
    "CustomError": CustomError,
    "SystemExit": SystemExit,
    "KeyboardInterrupt": KeyboardInterrupt,
    "RecursionError": RecursionError,
}


@task
def fail(kind: str, message: Any) -> None:
    raise _EXCEPTIONS[kind](message)


@task
async def async_fail(kind: str, message: Any) -> None:
    raise _EXCEPTIONS[kind](message)


@task
def fail_chained(message: str) -> None:
    try:
        raise KeyError(message)
    except KeyError as e:
        raise CustomError(message) from e


def _make_local() -> Any:
    def local_function() -> None:
        return None

    return local_function


class _Holder:
    def method(self) -> None:
        return None

    @staticmethod
    def static() -> None:
        return None

    @classmethod
    def klass(cls) -> None:
        return None


# Callables that are not module-level functions.
NOT_MODULE_LEVEL: dict[str, Any] = {
    "lambda": lambda: None,
    "local": _make_local(),
    "bound_method": _Holder().method,
    "class_method": _Holder.klass,
    "builtin": len,
    "class": CustomError,
    "partial": functools.partial(echo.func, 1),
}

# Module-level functions, by name.
MODULE_LEVEL: dict[str, Any] = {
    f.__name__: f
    for f in (
        echo.func,
        async_echo.func,
        give.func,
        with_context.func,
        async_with_context.func,
        context_not_first,
        context_keyword_only,
        context_positional_only,
        no_parameters,
        fail.func,
        async_fail.func,
        _Holder.static,
    )
}
