"""A Django 5.2 project that uses django-tasks-celery (a Django-6-only backend)."""

import os

from django_tasks.optin import install_builtin_alias

install_builtin_alias()

_REDIS = os.environ["OPTIN_REDIS_URL"].rsplit("/", 1)[0]

SECRET_KEY = "optin-kit-celery"
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "shop"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
USE_TZ = True

CELERY_BROKER_URL = f"{_REDIS}/2"
CELERY_RESULT_BACKEND = f"{_REDIS}/3"
CELERY_RESULT_EXTENDED = True
# The worker imports the tasks, which registers them with Celery.
CELERY_IMPORTS = ["shop.tasks"]
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

TASKS = {
    "default": {
        "BACKEND": "django_tasks_celery.CeleryBackend",
        "OPTIONS": {"CELERY_APP": "celery_app.app"},
    }
}
