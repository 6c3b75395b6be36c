from traceback import format_exception
from typing import Any

from django.utils import timezone
from typing_extensions import ParamSpec, TypeVar

from django_tasks._backport._utils import get_random_id, normalize_json, set_public_module
from django_tasks._backport.backends._results import new_task_result
from django_tasks._backport.backends.base import BaseTaskBackend
from django_tasks._backport.base import Task, TaskContext, TaskError, TaskResult, TaskResultStatus
from django_tasks._backport.exceptions import _NestedTooDeeply
from django_tasks._backport.signals import task_enqueued, task_finished, task_started

P = ParamSpec("P")
R = TypeVar("R")


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
        object.__setattr__(task_result, "enqueued_at", timezone.now())
        task_enqueued.send(type(self), task_result=task_result)  # pyright: ignore[reportUnknownMemberType]

        task = task_result.task
        task_start_time = timezone.now()
        object.__setattr__(task_result, "status", TaskResultStatus.RUNNING)
        object.__setattr__(task_result, "started_at", task_start_time)
        object.__setattr__(task_result, "last_attempted_at", task_start_time)
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

            try:
                return_value = normalize_json(raw_return_value)
            except RecursionError:
                # Divergence: as for arguments (TaskResult), the same class with
                # a one-line message, not a thousand-frame stored traceback.
                raise _NestedTooDeeply() from None
            object.__setattr__(task_result, "_return_value", return_value)
        except KeyboardInterrupt:
            # If the user tried to terminate, let them
            raise
        except BaseException as e:
            object.__setattr__(task_result, "finished_at", timezone.now())
            exception_type = type(e)
            task_result.errors.append(
                TaskError(
                    exception_class_path=(
                        f"{exception_type.__module__}.{exception_type.__qualname__}"
                    ),
                    traceback="".join(format_exception(type(e), e, e.__traceback__)),
                )
            )
            object.__setattr__(task_result, "status", TaskResultStatus.FAILED)
            # Sent inside the handler so log receivers can attach the exception.
            task_finished.send(type(self), task_result=task_result)  # pyright: ignore[reportUnknownMemberType]
        else:
            object.__setattr__(task_result, "finished_at", timezone.now())
            object.__setattr__(task_result, "status", TaskResultStatus.SUCCESSFUL)
            task_finished.send(type(self), task_result=task_result)  # pyright: ignore[reportUnknownMemberType]

    def enqueue(
        self, task: Task[P, R], args: list[Any], kwargs: dict[str, Any]
    ) -> TaskResult[P, R]:
        self.validate_task(task)

        task_result = new_task_result(task, args, kwargs, self.alias)
        self._execute_task(task_result)
        return task_result


set_public_module("django_tasks.backends.immediate", ImmediateBackend)
