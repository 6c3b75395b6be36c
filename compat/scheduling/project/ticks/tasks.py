from django.tasks import task

from ticks import report


# Scheduled by django-dbtasks itself: TASKS["default"]["OPTIONS"]["periodic"].
@task
def periodic_tick() -> dict[str, object]:
    return report("django-dbtasks")
