"""A Django 4.2-5.2 project with backends that probe for django.tasks
(django-tasks-db) or gate on django.VERSION (django-ox), with the opt-in on."""

import os

from django_tasks.optin import install_builtin_alias

install_builtin_alias()

SECRET_KEY = "optin-kit-probers"
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django_tasks_db",
    "django_ox",
    "jobs",
]
# A file: the worker processes read what the test process wrote.
DATABASES = {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["OPTIN_DB_PATH"]}
}
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "ox": {"BACKEND": "django_ox.backend.OxBackend"},
}
