from cli_settings.base import *  # noqa: F403

TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "picky": {"BACKEND": "cli_settings.backends.ErrorCheckBackend"},
}
