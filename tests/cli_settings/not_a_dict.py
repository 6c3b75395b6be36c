from cli_settings.base import *  # noqa: F403

TASKS = ["django_tasks.backends.immediate.ImmediateBackend"]
