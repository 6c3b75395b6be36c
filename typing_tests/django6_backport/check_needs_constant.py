"""Django >= 6.0 with django-stubs, without DJANGO_TASKS_BUILTIN_TYPES.

The checker sees this package's own classes, which are not Django's: mixing
annotations of both is rejected. This is the limit the constant lifts.
"""

import django.tasks

import django_tasks


@django.tasks.task
def made_by_django(x: int) -> str:
    return str(x)


@django_tasks.task
def made_by_django_tasks(x: int) -> str:
    return str(x)


a: django_tasks.Task[[int], str] = made_by_django  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
b: django.tasks.Task[[int], str] = made_by_django_tasks  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
c: django_tasks.Task[[int], str] = made_by_django_tasks
