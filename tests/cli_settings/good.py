from cli_settings.base import *  # noqa: F403

TASKS = {
    "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
    "dummy": {
        "BACKEND": "django_tasks.backends.dummy.DummyBackend",
        "QUEUES": ["emails", "default"],
        "OPTIONS": {"note": "for tests"},
    },
}
