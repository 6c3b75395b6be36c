from traceback import format_exception
from typing import Any, ParamSpec, TypeVar

from django.utils import timezone

from django_tasks._backport import get_random_id, set_public_module
from django_tasks._backport.backends._results import (
    new_task_result,
    set_enqueued_at,
    set_finished_at,
    set_last_attempted_at,
    set_return_value,
    set_started_at,
    set_status,
)
from django_tasks._backport.backends.base import BaseTaskBackend
from django_tasks._backport.base import (
    Task,
    TaskContext,
    TaskError,
    TaskResult,
    TaskResultStatus,
    normalize_task_value,
)
from django_tasks._backport.signals import task_enqueued, task_finished, task_started

P = ParamSpec("P")
R = TypeVar("R")

# Read once: an enum member lookup on each enqueue adds up.
_RUNNING = TaskResultStatus.RUNNING
_FAILED = TaskResultStatus.FAILED
_SUCCESSFUL = TaskResultStatus.SUCCESSFUL


class ImmediateBackend(BaseTaskBackend):
    supports_async_task = True
    supports_priority = True

    def __init__(self, alias: str, params: dict[str, Any]) -> None:
        super().__init__(alias, params)
        self.worker_id: str = get_random_id(32)

    def _execute_task(self, task_result: TaskResult[..., Any]) -> None:
        """
        Execute the Task for the given TaskResult, mutating it with the
        outcome.
        """
        set_enqueued_at(task_result, timezone.now())
        task_enqueued.send(type(self), task_result=task_result)  # pyright: ignore[reportUnknownMemberType]

        task = task_result.task
        task_start_time = timezone.now()
        set_status(task_result, _RUNNING)
        set_started_at(task_result, task_start_time)
        set_last_attempted_at(task_result, task_start_time)
        task_result.worker_ids.append(self.worker_id)
        task_started.send(sender=type(self), task_result=task_result)  # pyright: ignore[reportUnknownMemberType]

        try:
            if task.takes_context:
                raw_return_value = task.call(
                    TaskContext(task_result=task_result),
                    *task_result.args,
                    **task_result.kwargs,
                )
            else:
                raw_return_value = task.call(*task_result.args, **task_result.kwargs)

            set_return_value(task_result, normalize_task_value(raw_return_value))
        except KeyboardInterrupt:
            # If the user tried to terminate, let them
            raise
        except BaseException as e:
            set_finished_at(task_result, timezone.now())
            exception_type = type(e)
            task_result.errors.append(
                TaskError(
                    exception_class_path=(
                        f"{exception_type.__module__}.{exception_type.__qualname__}"
                    ),
                    traceback="".join(format_exception(type(e), e, e.__traceback__)),
                )
            )
            set_status(task_result, _FAILED)
            # Sent inside the handler so log receivers can attach the exception.
            task_finished.send(type(self), task_result=task_result)  # pyright: ignore[reportUnknownMemberType]
        else:
            set_finished_at(task_result, timezone.now())
            set_status(task_result, _SUCCESSFUL)
            task_finished.send(type(self), task_result=task_result)  # pyright: ignore[reportUnknownMemberType]

    def enqueue(
        self, task: Task[P, R], args: list[Any], kwargs: dict[str, Any]
    ) -> TaskResult[P, R]:
        self.validate_task(task)

        task_result = new_task_result(task, args, kwargs, self.alias)
        self._execute_task(task_result)
        return task_result


set_public_module("django_tasks.backends.immediate", ImmediateBackend)
