"""Tasks whose annotations name what is imported only for type checkers.

Python 3.14 evaluates annotations only when something asks for them (PEP 649),
so this module imports there; before 3.14 defining these functions raises
NameError, and only tests skipped below 3.14 import it. No ``from __future__
import annotations`` on purpose: that would turn the annotations into strings
on every Python (see annotation_tasks.py for that case).
"""

from typing import TYPE_CHECKING, Any

from django_tasks import task

if TYPE_CHECKING:
    from collections.abc import Sequence

    from django_tasks import TaskContext


@task(takes_context=True)
def with_context(context: TaskContext[..., Any], amounts: Sequence[int]) -> str:
    return f"attempt {context.attempt}: {sum(amounts)}"


@task(takes_context=True)
async def async_with_context(context: TaskContext[..., Any], amounts: Sequence[int]) -> str:
    return f"attempt {context.attempt}: {sum(amounts)}"


@task()
def without_context(amounts: Sequence[int]) -> str:
    return f"{sum(amounts)}"
