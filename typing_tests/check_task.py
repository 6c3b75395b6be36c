"""Tasks as users declare and use them: the types mypy and pyright must infer.

Checked, never run (pytest collects ``test_*.py`` only). The same verdicts are
expected from both checkers on every Django: with this package's types, and on
Django 6 with django-stubs and DJANGO_TASKS_BUILTIN_TYPES (Django's types).
"""

from datetime import datetime
from typing import Any

from typing_extensions import assert_type

from django_tasks import Task, TaskContext, TaskResult, task


# mypy's assert_type() compares parameter names too, and no type expression
# spells a named parameter: the tasks whose exact type is asserted take
# positional-only parameters. Named parameters are checked by assignment below.
@task
def bare(x: int, /) -> str:
    return str(x)


@task()
def called(x: int, flag: bool, /) -> str:
    return str(x)


@task(priority=10, queue_name="emails", backend="other")
def with_options(x: int, /) -> None:
    pass


@task
async def asynchronous(x: int, /) -> str:
    return str(x)


@task()
async def asynchronous_called(x: int, /) -> list[int]:
    return [x]


@task(takes_context=True)
def with_context(context: TaskContext[[int], str], x: int, /) -> str:
    return f"{context.attempt}: {x}"


@task(takes_context=True)
async def async_with_context(context: TaskContext[Any, Any], x: int, /) -> float:
    return float(x)


@task
def named(x: int, *, flag: bool = False) -> str:
    return str(x)


@task(takes_context=True)
async def named_with_context(context: TaskContext[Any, Any], x: int) -> str:
    return str(x)


def no_arguments() -> int:
    return 1


# The decorator's forms all give Task[<parameters>, <result>].
assert_type(bare, Task[[int], str])
assert_type(called, Task[[int, bool], str])
assert_type(with_options, Task[[int], None])
assert_type(with_context, Task[[int], str])
assert_type(task(no_arguments), Task[[], int])
assert_type(task()(no_arguments), Task[[], int])
assert_type(task(priority=1)(no_arguments), Task[[], int])

# An async function's task gives its awaited result, as call() does at runtime.
assert_type(asynchronous, Task[[int], str])
assert_type(asynchronous_called, Task[[int], list[int]])
assert_type(async_with_context, Task[[int], float])

# Calling and enqueueing check the arguments and carry the result type.
assert_type(bare.call(1), str)
assert_type(asynchronous.call(1), str)
assert_type(with_context.call(1), str)
assert_type(called.call(1, True), str)
assert_type(named.call(1, flag=True), str)
assert_type(named_with_context.call(x=1), str)


async def use_async_api() -> None:
    assert_type(await bare.acall(1), str)
    assert_type(await asynchronous.acall(1), str)
    result = await bare.aenqueue(1)
    assert_type(result, TaskResult[[int], str])
    assert_type(await bare.aget_result(result.id), TaskResult[[int], str])
    await result.arefresh()


result = bare.enqueue(1)
assert_type(result, TaskResult[[int], str])
assert_type(result.return_value, str)
assert_type(asynchronous.enqueue(1).return_value, str)
assert_type(with_context.enqueue(2).return_value, str)
assert_type(called.enqueue(1, True), TaskResult[[int, bool], str])
assert_type(named.enqueue(x=1, flag=True).return_value, str)
assert_type(bare.get_result("some-id"), TaskResult[[int], str])
assert_type(result.task, Task[[int], str])

# using() keeps the task's type.
assert_type(bare.using(priority=1), Task[[int], str])
assert_type(
    bare.using(queue_name="q", run_after=datetime(2030, 1, 1), backend="other"),
    Task[[int], str],
)
assert_type(asynchronous.using(priority=-5), Task[[int], str])

# Task attributes.
assert_type(bare.priority, int)
assert_type(bare.queue_name, str)
assert_type(bare.backend, str)
assert_type(bare.run_after, datetime | None)
assert_type(bare.takes_context, bool)
assert_type(bare.name, str)
assert_type(bare.module_path, str)


# A library function generic over any task.
def enqueue_later(task: Task[..., Any], when: datetime) -> TaskResult[..., Any]:
    return task.using(run_after=when).enqueue()


def run_int_task(task: Task[[int], str]) -> str:
    return task.enqueue(1).return_value


enqueue_later(bare, datetime(2030, 1, 1))
enqueue_later(named, datetime(2030, 1, 1))
run_int_task(bare)
run_int_task(asynchronous)
run_int_task(with_context)
run_int_task(named_with_context)

# Named parameters: the task is a Task[[int], str] wherever one is expected.
named_task: Task[[int], str] = named_with_context
named_result: TaskResult[[int], str] = named_with_context.enqueue(1)
