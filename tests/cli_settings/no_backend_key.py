from cli_settings.base import *  # noqa: F403

TASKS = {"default": {"QUEUES": ["default"]}}
