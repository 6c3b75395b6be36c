"""``django.tasks.backends.base``, public as ``django_tasks.backends.base``."""

from abc import ABCMeta, abstractmethod
from inspect import iscoroutinefunction
from typing import Any, ParamSpec, TypeVar

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.checks import CheckMessage
from django.utils import timezone

from django_tasks._backport._utils import get_func_args, is_module_level_function
from django_tasks._backport.base import (
    DEFAULT_TASK_PRIORITY,
    DEFAULT_TASK_QUEUE_NAME,
    TASK_MAX_PRIORITY,
    TASK_MIN_PRIORITY,
    Task,
    TaskResult,
)
from django_tasks._backport.exceptions import (
    InvalidTask,
    _PriorityNotANumber,
    _PriorityNotAWholeNumber,
    _RunAfterNotADatetime,
)

P = ParamSpec("P")
R = TypeVar("R")


class BaseTaskBackend(metaclass=ABCMeta):
    task_class: type[Task[..., Any]] = Task

    # Does the backend support Tasks to be enqueued with the run_after
    # attribute?
    supports_defer = False

    # Does the backend support coroutines to be enqueued?
    supports_async_task = False

    # Does the backend support results being retrieved (from any
    # thread/process)?
    supports_get_result = False

    # Does the backend support executing Tasks in a given
    # priority order?
    supports_priority = False

    def __init__(self, alias: str, params: dict[str, Any]) -> None:
        self.alias = alias
        self.queues: set[str] = set(params.get("QUEUES", [DEFAULT_TASK_QUEUE_NAME]))
        self.options: dict[str, Any] = params.get("OPTIONS", {})

    def validate_task(self, task: Task[..., Any]) -> None:
        """
        Determine whether the provided Task can be executed by the backend.
        """
        if not is_module_level_function(task.func):
            raise InvalidTask("Task function must be defined at a module level.")

        if not self.supports_async_task and iscoroutinefunction(task.func):
            raise InvalidTask("Backend does not support async Tasks.")

        task_func_args = get_func_args(task.func)
        if task.takes_context and (not task_func_args or task_func_args[0] != "context"):
            raise InvalidTask(
                "Task takes context but does not have a first argument of 'context'."
            )

        if not self.supports_priority and task.priority != DEFAULT_TASK_PRIORITY:
            raise InvalidTask("Backend does not support setting priority of tasks.")
        try:
            invalid_priority = (
                task.priority < TASK_MIN_PRIORITY
                or task.priority > TASK_MAX_PRIORITY
                or int(task.priority) != task.priority
            )
        except (TypeError, ValueError) as e:
            # Divergence: Django lets out the comparison's TypeError ("'<' not
            # supported...") or int()'s ValueError for NaN; same classes, a
            # message that names the setting.
            clearer = _PriorityNotANumber if isinstance(e, TypeError) else _PriorityNotAWholeNumber
            raise clearer(
                f"priority must be a whole number between {TASK_MIN_PRIORITY} and "
                f"{TASK_MAX_PRIORITY}, not {task.priority!r}."
            ) from None
        if invalid_priority:
            raise InvalidTask(
                f"priority must be a whole number between {TASK_MIN_PRIORITY} and "
                f"{TASK_MAX_PRIORITY}."
            )

        if not self.supports_defer and task.run_after is not None:
            raise InvalidTask("Backend does not support run_after.")

        if settings.USE_TZ and task.run_after is not None:
            try:
                aware = timezone.is_aware(task.run_after)
            except AttributeError:
                # Divergence: Django fails with "'datetime.timedelta' object has
                # no attribute 'utcoffset'" (its docs even say a timedelta works);
                # same class, a message that says what to do.
                raise _RunAfterNotADatetime(
                    f"run_after must be a datetime, not {type(task.run_after).__name__!r} "
                    "(for a delay, pass timezone.now() + timedelta(...))."
                ) from None
            if not aware:
                raise InvalidTask("run_after must be an aware datetime.")

        if self.queues and task.queue_name not in self.queues:
            raise InvalidTask(f"Queue '{task.queue_name}' is not valid for backend.")

    # Typing: ``args`` is the tuple Task.enqueue() received, but django-stubs
    # declares ``list[Any]``; declaring the same lets a backend's override
    # check the same way on every Django.
    @abstractmethod
    def enqueue(
        self, task: Task[P, R], args: list[Any], kwargs: dict[str, Any]
    ) -> TaskResult[P, R]:
        """Queue up a task to be executed."""

    async def aenqueue(
        self, task: Task[P, R], args: list[Any], kwargs: dict[str, Any]
    ) -> TaskResult[P, R]:
        """Queue up a task function (or coroutine) to be executed."""
        return await sync_to_async(self.enqueue, thread_sensitive=True)(
            task=task, args=args, kwargs=kwargs
        )

    def get_result(self, result_id: str) -> TaskResult[..., Any]:
        """
        Retrieve a task result by id.

        Raise TaskResultDoesNotExist if such result does not exist.
        """
        raise NotImplementedError(
            "This backend does not support retrieving or refreshing results."
        )

    async def aget_result(self, result_id: str) -> TaskResult[..., Any]:
        """See get_result()."""
        return await sync_to_async(self.get_result, thread_sensitive=True)(result_id=result_id)

    def check(self, **kwargs: Any) -> list[CheckMessage]:
        return []


# Divergence: shown under its public module in reprs, pickles and tracebacks.
BaseTaskBackend.__module__ = "django_tasks.backends.base"
