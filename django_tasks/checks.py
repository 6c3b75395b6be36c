"""``django.tasks.checks``: the system check that runs every backend's ``check()``."""

from typing import TYPE_CHECKING

import django

if TYPE_CHECKING:
    # What type checkers see: this package's classes, or Django's own with the
    # DJANGO_TASKS_BUILTIN_TYPES constant (see django_tasks/_typing.pyi).
    from django_tasks._typing import check_tasks
else:
    # Breakpoint: django.tasks is built in from Django 6.0
    # (https://docs.djangoproject.com/en/6.0/releases/6.0/#background-tasks).
    if django.VERSION >= (6, 0):
        from django.tasks.checks import check_tasks
    else:
        from django_tasks._backport.checks import check_tasks

__all__ = ["check_tasks"]
