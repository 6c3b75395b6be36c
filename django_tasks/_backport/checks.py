"""``django.tasks.checks``, public as ``django_tasks.checks``."""

from collections.abc import Iterable, Sequence
from typing import Any

import django
from django.apps.config import AppConfig
from django.core import checks


def check_tasks(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> Iterable[checks.CheckMessage]:
    """Checks all registered Task backends."""

    from django_tasks._backport import task_backends

    for backend in task_backends.all():
        yield from backend.check()


# Divergence: registered below Django 6.0 only. On Django 6 the backport is
# imported only to be compared with the built-in (tests, compat/differential),
# and a second check there would raise the backport's exceptions for
# Django's TASKS.
# Breakpoint: django.tasks is built in from Django 6.0.
if django.VERSION < (6, 0):
    checks.register(check_tasks)

# Divergence: shown under its public module in reprs, pickles and tracebacks.
check_tasks.__module__ = "django_tasks.checks"
