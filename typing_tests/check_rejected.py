"""Code that both checkers must reject.

Each line carries the error code of mypy (``# type: ignore[...]``) and the rule
of pyright (``# pyright: ignore[...]``); both checkers run with unused ignores
as errors, so a line that stops being rejected fails the check.
"""

from typing import Any

from django_tasks import Task, TaskContext, TaskResult, task


@task
def bare(x: int) -> str:
    return str(x)


@task
async def asynchronous(x: int) -> str:
    return str(x)


@task(takes_context=True)
def with_context(context: TaskContext[Any, Any], x: int) -> str:
    return str(x)


# Wrong or missing arguments.
bare.enqueue("x")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
bare.enqueue()  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
bare.enqueue(1, 2)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
bare.call("x")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
asynchronous.call(y=1)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
# The context is the backend's to pass, not the caller's.
with_context.enqueue(None, 1)  # type: ignore[call-arg, arg-type]  # pyright: ignore[reportCallIssue]

# Results carry the task's result type.
number: int = bare.enqueue(1).return_value  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
wrong: Task[[str], str] = bare  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
also_wrong: TaskResult[[int], int] = bare.enqueue(1)  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
# An async function's result is the awaited value, not a coroutine.
awaited: int = asynchronous.call(1)  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]

# using() takes keyword arguments of the right types only.
bare.using(priority="high")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
bare.using(1)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
bare.using(colour="blue")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]

# task() options: run_after is for using(); takes_context needs a context.
task(run_after=None)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue]
task(priority="high")  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]

# Tasks are frozen.
bare.priority = 3  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue]
