"""Compat: ``django_tasks.utils`` of the older django-tasks backport (<= 0.12).

Django has no ``django.tasks.utils``; backends written against the older
backport import these helpers from here (django-tasks-db imports
``normalize_json``, django-tasks-rq ``get_module_path`` and ``get_random_id``).
They keep working on every Django; on Django 6 ``normalize_json`` and
``is_module_level_function`` are Django's own functions.

Nothing here belongs to the Django-mirroring API: new code should use
``django.utils.json.normalize_json`` and ``django.utils.inspect`` (Django 6+).
"""

from traceback import format_exception
from typing import TYPE_CHECKING, Any

import django

if TYPE_CHECKING:
    from django_tasks._backport._utils import (
        get_random_string,
        is_module_level_function,
        normalize_json,
    )
else:
    # Breakpoint: Django 6.0 added django.utils.json.normalize_json and
    # django.utils.inspect.is_module_level_function
    # (https://docs.djangoproject.com/en/6.0/releases/6.0/#background-tasks).
    if django.VERSION >= (6, 0):
        from django.utils.crypto import get_random_string
        from django.utils.inspect import is_module_level_function
        from django.utils.json import normalize_json
    else:
        from django_tasks._backport._utils import (
            get_random_string,
            is_module_level_function,
            normalize_json,
        )


def get_module_path(val: Any) -> str:
    """The dotted import path of a class or function, e.g. ``"builtins.ValueError"``."""
    return f"{val.__module__}.{val.__qualname__}"


def get_exception_traceback(exc: BaseException) -> str:
    """The formatted traceback of ``exc``, as Django's backends store it in ``TaskError``."""
    return "".join(format_exception(exc))


def get_random_id() -> str:
    """A random id of 32 characters from ``[a-zA-Z0-9]``, for a task result or a worker."""
    return get_random_string(32)


__all__ = [
    "get_exception_traceback",
    "get_module_path",
    "get_random_id",
    "is_module_level_function",
    "normalize_json",
]
