"""``TaskContext``, in a module of its own so that it is built on first use.

Creating a slotted, frozen dataclass is about a seventh of what ``import
django_tasks`` costs (see benchmarks/), and only code that runs tasks (a
backend, for tasks declared with ``takes_context=True``) or names the class
needs this one. ``django_tasks``, ``django_tasks.base`` and the backport's
``base`` module hand it out as their own ``TaskContext`` (each through a
module ``__getattr__``, or an import when the module is loaded); it reprs,
pickles and type-checks as ``django_tasks.base.TaskContext``.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django_tasks._backport import set_public_module
from django_tasks._backport.base import P, R, TaskResult

# As in base: checkers see typing.Generic.
if TYPE_CHECKING:
    from typing import Generic as _TypeParameters
else:
    from django_tasks._backport.base import _TypeParameters


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskContext(_TypeParameters[P, R]):
    """What a task declared with ``takes_context=True`` receives as its first argument."""

    task_result: TaskResult[P, R]

    @property
    def attempt(self) -> int:
        return self.task_result.attempts


set_public_module("django_tasks.base", TaskContext)
