"""Django >= 6.0 with django-stubs and DJANGO_TASKS_BUILTIN_TYPES: one set of types.

A library annotated with ``django_tasks`` types accepts what a project makes
with ``django.tasks``, and the other way round, because both names are the
same classes for the checker as they are at runtime.
"""

from typing import Any

import django.tasks
import django.tasks.backends.base
import django.tasks.base
import django.tasks.exceptions
from typing_extensions import assert_type

import django_tasks
import django_tasks.backends.base
import django_tasks.base
import django_tasks.exceptions


# A library written against django_tasks...
def library_enqueue(task: django_tasks.Task[[int], str]) -> django_tasks.TaskResult[[int], str]:
    return task.enqueue(1)


def library_backend(backend: django_tasks.backends.base.BaseTaskBackend) -> str:
    return backend.alias


def library_context(context: django_tasks.TaskContext[[int], str]) -> int:
    return context.attempt


# ...used by a project that writes django.tasks.
@django.tasks.task
def made_by_django(x: int) -> str:
    return str(x)


django_result: django.tasks.TaskResult[[int], str] = library_enqueue(made_by_django)
library_backend(django.tasks.default_task_backend)
library_backend(django.tasks.task_backends["default"])


def project_context(context: django.tasks.TaskContext[[int], str]) -> None:
    library_context(context)


# And a library written against django.tasks, used with django_tasks.
def django_library(task: django.tasks.Task[[int], str]) -> django.tasks.TaskResult[[int], str]:
    return task.enqueue(1)


@django_tasks.task
def made_by_django_tasks(x: int, /) -> str:
    return str(x)


result: django_tasks.TaskResult[[int], str] = django_library(made_by_django_tasks)
django_backend: django.tasks.backends.base.BaseTaskBackend = django_tasks.default_task_backend

# The very same classes, as at runtime.
assert_type(made_by_django_tasks, django.tasks.Task[[int], str])
task_class: type[django.tasks.Task[Any, Any]] = django_tasks.Task
status: django.tasks.TaskResultStatus = django_tasks.TaskResultStatus("READY")
error: django.tasks.base.TaskError | None = None
same_error: django_tasks.base.TaskError | None = error
handler: django.tasks.TaskBackendHandler = django_tasks.task_backends

try:
    made_by_django_tasks.get_result("x")
except django.tasks.exceptions.TaskResultDoesNotExist as e:
    assert_type(e, django_tasks.exceptions.TaskResultDoesNotExist)


# django_tasks.task types an async function's task by its awaited result
# (django-stubs' own django.tasks.task gives a Task of a coroutine).
@django_tasks.task
async def asynchronous(x: int, /) -> str:
    return str(x)


assert_type(asynchronous, django.tasks.Task[[int], str])
assert_type(asynchronous.call(1), str)
