"""Task results: the same fields from the Immediate and Dummy backends for the
same arguments, return values and raised exceptions."""

import functools
import re
import unittest
from typing import Any

import django
import task_functions
from hypothesis import given
from hypothesis import strategies as st
from implementations import (
    BACKPORT,
    BUILTIN,
    Implementation,
    canonical,
    outcome,
    traceback_summary,
)
from test_normalize_json import values

json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False),
        st.text(max_size=8),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.tuples(children),
        st.dictionaries(st.text(max_size=3), children, max_size=3),
    ),
    max_leaves=8,
)
# Mostly JSON, sometimes anything (which the result must reject alike).
arguments = st.one_of(json_values, json_values, json_values, values)
positional = st.lists(arguments, max_size=3)
keywords = st.dictionaries(st.sampled_from(["a", "b", "value"]), arguments, max_size=2)

ID = re.compile(r"^[a-zA-Z0-9]{32}$")


def exception_class_name(error: Any) -> str:
    return str(error.exception_class.__qualname__)


def result_fields(impl: Implementation, result: Any) -> Any:
    """Everything a caller can read from a result, minus ids and times
    (their shape and order are compared instead)."""
    times = [result.enqueued_at, result.started_at, result.last_attempted_at, result.finished_at]
    present = [t for t in times if t is not None]
    return {
        "class": type(result).__qualname__,
        "status": (type(result.status).__qualname__, str(result.status)),
        "status_label": str(result.status.label),
        "args": canonical(result.args),
        "kwargs": canonical(result.kwargs),
        "backend": result.backend,
        "id": bool(ID.match(result.id)),
        "times_set": [t is not None for t in times],
        "times_aware": [t.tzinfo is not None for t in present],
        "times_ordered": present == sorted(present),
        "started_is_last_attempted": result.started_at == result.last_attempted_at,
        "worker_ids": [bool(ID.match(w)) for w in result.worker_ids],
        "attempts": result.attempts,
        "is_finished": result.is_finished,
        "return_value": outcome(impl, lambda: canonical(result.return_value)),
        "errors": [
            {
                "exception_class_path": error.exception_class_path,
                "exception_class": outcome(impl, functools.partial(exception_class_name, error)),
                "traceback": traceback_summary(error.traceback),
            }
            for error in result.errors
        ],
        "task": (result.task.module_path, result.task.priority, result.task.queue_name),
    }


def run(
    impl: Implementation, backend: str, func: Any, args: Any, kwargs: Any, **options: Any
) -> Any:
    with impl.configured(backend):
        task = impl.make_task(func, **options)
        enqueued = outcome(impl, lambda: task.enqueue(*args, **kwargs))
        if enqueued[0] == "raised":
            return enqueued
        result = enqueued[1]
        fields = result_fields(impl, result)
        fields["refresh"] = outcome(impl, lambda: result.refresh(), chaining=False)
        fields["get_result"] = outcome(
            impl, lambda: result_fields(impl, task.get_result(result.id)), chaining=False
        )
        return fields


def compare(backend: str, func: Any, args: Any, kwargs: Any, **options: Any) -> None:
    ours = run(BACKPORT, backend, func, args, kwargs, **options)
    theirs = run(BUILTIN, backend, func, args, kwargs, **options)
    assert ours == theirs


@given(
    func=st.sampled_from([task_functions.echo.func, task_functions.async_echo.func]),
    args=positional,
    kwargs=keywords,
    backend=st.sampled_from(["immediate", "dummy"]),
    priority=st.integers(-100, 100),
)
def test_arguments_and_return_values(
    func: Any, args: Any, kwargs: Any, backend: str, priority: int
) -> None:
    compare(backend, func, args, kwargs, priority=priority)


@given(value=arguments, backend=st.sampled_from(["immediate", "dummy"]))
def test_any_return_value(value: Any, backend: str) -> None:
    # A value normalize_json rejects fails the task, alike.
    compare(backend, task_functions.give.func, [], {"value": value})


@given(
    func=st.sampled_from([task_functions.fail.func, task_functions.async_fail.func]),
    kind=st.sampled_from(sorted(task_functions._EXCEPTIONS)),
    message=st.one_of(st.text(max_size=10), st.integers(), st.none()),
    backend=st.sampled_from(["immediate", "dummy"]),
)
def test_raised_exceptions(func: Any, kind: str, message: Any, backend: str) -> None:
    compare(backend, func, [kind, message], {})


@given(args=positional, kwargs=keywords, backend=st.sampled_from(["immediate", "dummy"]))
def test_context(args: Any, kwargs: Any, backend: str) -> None:
    compare(backend, task_functions.with_context.func, args, kwargs, takes_context=True)


def test_async_context() -> None:
    compare("immediate", task_functions.async_with_context.func, [], {}, takes_context=True)


def test_chained_exception() -> None:
    compare("immediate", task_functions.fail_chained.func, ["boom"], {})


def test_wrong_arguments_fail_the_task() -> None:
    compare("immediate", task_functions.give.func, [1, 2], {})


@unittest.skipIf(django.VERSION < (6, 1), "Django 6.1 added pickling tasks by their path.")
def test_unreachable_task_on_the_dummy_backend() -> None:
    # Known difference: Django's DummyBackend deep-copies the result, which
    # re-imports the task by its module path; for a Task whose path does not
    # lead to a Task (built with Task(func=...) directly) Django 6 raises
    # ValueError, the backport's cheaper copy does not re-import and succeeds.
    func = task_functions.no_parameters
    theirs = run(BUILTIN, "dummy", func, [], {})
    assert theirs == (
        "raised",
        {
            "type": "ValueError",
            "task_exception": False,
            "message": "Expected 'task_functions.no_parameters' to point to a Task instance.",
            "cause": "AttributeError",
            "context": None,
        },
    )
    ours = run(BACKPORT, "dummy", func, [], {})
    assert ours["status"] == ("TaskResultStatus", "READY")
    # On the Immediate backend, which does not copy, both succeed alike.
    compare("immediate", func, [], {})
