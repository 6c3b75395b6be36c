"""A Django 5.2 project that schedules tasks with packages written for Django 6,
through the opt-in. OPTIN_SCHEDULER picks the scheduler under test."""

import os

from django_tasks.optin import install_builtin_alias

# Before anything imports django.tasks: dbtasks, django-scheduled-tasks and
# crontask import it at module level.
install_builtin_alias()

from dbtasks import Periodic  # noqa: E402

SCHEDULERS = {
    # The scheduler's Django application, then ours that registers the schedule.
    "django-scheduled-tasks": ["django_scheduled_tasks", "scheduled"],
    "crontask": ["crontask", "crontab"],
}

SECRET_KEY = "optin-kit-scheduling"
INSTALLED_APPS = ["dbtasks", "ticks", *SCHEDULERS[os.environ["OPTIN_SCHEDULER"]]]
# A file: the scheduler and worker processes share what the test reads.
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ["OPTIN_DB_PATH"],
        # What django-dbtasks recommends on SQLite: writers queue for the
        # lock up front instead of failing on upgrade ("database is locked").
        "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 30},
    }
}
USE_TZ = True
# dbtasks computes its periodic run times from the naive local clock and
# makes them aware in TIME_ZONE: the two must agree (run.py sets TZ=UTC).
TIME_ZONE = "UTC"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
TASKS = {
    "default": {
        "BACKEND": "dbtasks.backend.DatabaseBackend",
        "OPTIONS": {
            # dbtasks' own periodic tasks, run by `taskrunner` unless --no-periodic.
            "periodic": {"ticks.tasks.periodic_tick": Periodic(2)},
        },
    }
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "dbtasks": {"handlers": ["console"], "level": "INFO"},
        "django.tasks": {"handlers": ["console"], "level": "INFO"},
    },
}
