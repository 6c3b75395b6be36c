"""Opt in to ``import django.tasks`` on Django 4.2–5.2.

Backends written for Django 6 (django-tasks-redis, django-tasks-celery,
django-tasks-local, ...) import ``django.tasks`` and ``django.utils.json``.
Call ``install_builtin_alias()`` once, early (top of ``settings.py``), and on
Django 4.2–5.2 those imports give this package's backport for the rest of the
process: ``django.tasks.Task is django_tasks.Task``. On Django >= 6.0 it does
nothing and returns ``AliasStatus.BUILTIN``.

Importing this module changes nothing; only the call does.
"""

from django_tasks._optin import (
    ALIASED_MODULES,
    AliasStatus,
    BuiltinAliasError,
    LateAliasWarning,
    install_builtin_alias,
)

__all__ = [
    "ALIASED_MODULES",
    "AliasStatus",
    "BuiltinAliasError",
    "LateAliasWarning",
    "install_builtin_alias",
]
