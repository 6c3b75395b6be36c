from cli_settings.base import *  # noqa: F403

TASKS = {"default": {"BACKEND": "cli_settings.backends.WarningCheckBackend"}}
