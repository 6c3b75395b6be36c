"""A BACKEND of the older django-tasks backport, which moved to django-tasks-rq."""

from cli_settings.base import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks.backends.rq.RQBackend"}}
