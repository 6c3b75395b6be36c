from datetime import timedelta

from django.tasks import task
from django_scheduled_tasks import periodic_task
from ticks import report


# As django-scheduled-tasks documents it: periodic_task above task.
@periodic_task(interval=timedelta(seconds=2))
@task
def scheduled_tick() -> dict[str, object]:
    return report("django-scheduled-tasks")
