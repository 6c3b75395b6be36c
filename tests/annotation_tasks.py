"""Tasks whose annotations are strings naming what is imported only for type
checkers: importable on every Python (deferred_annotation_tasks.py is the same
with the annotations left to Python 3.14's deferred evaluation)."""

from typing import TYPE_CHECKING, Any

from django_tasks import task

if TYPE_CHECKING:
    from collections.abc import Sequence

    from django_tasks import TaskContext


@task(takes_context=True)
def with_context(context: "TaskContext[..., Any]", amounts: "Sequence[int]") -> str:
    return f"attempt {context.attempt}: {sum(amounts)}"


@task(takes_context=True)
async def async_with_context(context: "TaskContext[..., Any]", amounts: "Sequence[int]") -> str:
    return f"attempt {context.attempt}: {sum(amounts)}"
