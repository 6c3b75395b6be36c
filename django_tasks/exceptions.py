"""``django.tasks.exceptions``, plus the older backport's names for two of them."""

from typing import TYPE_CHECKING

import django

if TYPE_CHECKING:
    # What type checkers see: this package's classes, or Django's own with the
    # DJANGO_TASKS_BUILTIN_TYPES constant (see django_tasks/_typing.pyi).
    from django_tasks._typing import (
        InvalidTask,
        InvalidTaskBackend,
        TaskException,
        TaskResultDoesNotExist,
        TaskResultMismatch,
    )
else:
    # Breakpoint: django.tasks is built in from Django 6.0
    # (https://docs.djangoproject.com/en/6.0/releases/6.0/#background-tasks).
    if django.VERSION >= (6, 0):
        from django.tasks.exceptions import (
            InvalidTask,
            InvalidTaskBackend,
            TaskException,
            TaskResultDoesNotExist,
            TaskResultMismatch,
        )
    else:
        from django_tasks._backport.exceptions import (
            InvalidTask,
            InvalidTaskBackend,
            TaskException,
            TaskResultDoesNotExist,
            TaskResultMismatch,
        )

# Compat: the older django-tasks backport (<= 0.12) named these differently;
# backends written against it import these names.
InvalidTaskError = InvalidTask
InvalidTaskBackendError = InvalidTaskBackend

__all__ = [
    "InvalidTask",
    "InvalidTaskBackend",
    "TaskException",
    "TaskResultDoesNotExist",
    "TaskResultMismatch",
]
