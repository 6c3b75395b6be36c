"""``django.tasks.checks``, public as ``django_tasks.checks``."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.apps.config import AppConfig
from django.core import checks


@checks.register
def check_tasks(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> Iterable[checks.CheckMessage]:
    """Checks all registered Task backends."""

    from django_tasks._backport import task_backends

    for backend in task_backends.all():
        yield from backend.check()


# Divergence: shown under its public module in reprs, pickles and tracebacks.
check_tasks.__module__ = "django_tasks.checks"
