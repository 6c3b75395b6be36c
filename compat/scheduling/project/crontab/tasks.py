"""Imported by `manage.py crontask`, which loads every application's tasks module."""

from apscheduler.triggers.cron import CronTrigger
from crontask import cron
from django.tasks import task
from django.utils import timezone
from ticks import report

# A crontab string has minute resolution; the same cron trigger with a
# seconds field fires every two seconds, so the test takes seconds.
EVERY_TWO_SECONDS = CronTrigger(second="*/2", timezone=timezone.get_default_timezone())


@cron(EVERY_TWO_SECONDS)
@task
def cron_tick() -> dict[str, object]:
    return report("crontask")
