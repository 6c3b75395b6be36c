"""BACKEND paths under django.tasks that name nothing, on any Django."""

from cli_settings.base import *  # noqa: F403

TASKS = {
    "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
    "no_module": {"BACKEND": "django.tasks.backends.database.DatabaseBackend"},
    "no_class": {"BACKEND": "django.tasks.backends.immediate.ImmediatBackend"},
}
