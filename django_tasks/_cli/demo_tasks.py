"""The demo's tasks. Tasks must be module-level functions, so they live here,
imported by the demo once it has configured settings."""

# Django's TaskContext is not subscriptable at runtime (django-stubs types it
# as a generic): keep annotations unevaluated.
from __future__ import annotations

import asyncio
from typing import Any

from django_tasks import TaskContext, task


@task
def add(x: int, y: int) -> int:
    return x + y


@task()
async def greet(name: str) -> str:
    await asyncio.sleep(0)
    return f"Hello, {name}!"


@task(takes_context=True)
def describe_attempt(context: TaskContext[..., Any], label: str) -> dict[str, Any]:
    return {
        "label": label,
        "attempt": context.attempt,
        "task_result_id": context.task_result.id,
    }


@task()
def divide(x: float, y: float) -> float:
    return x / y
