from django.apps import AppConfig


class ScheduledConfig(AppConfig):
    name = "scheduled"

    def ready(self) -> None:
        # run_task_scheduler knows the schedules registered by the time it
        # starts: the modules that Django imports, as an app's ready() does.
        from scheduled import tasks  # noqa: F401
