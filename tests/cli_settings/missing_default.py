from cli_settings.base import *  # noqa: F403

TASKS = {"background": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
