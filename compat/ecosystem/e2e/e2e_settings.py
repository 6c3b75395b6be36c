"""One project, two backends: E2E_BACKEND=db (django-tasks-db on the SQLite
file E2E_SQLITE) or E2E_BACKEND=rq (django-tasks-rq on the Redis at REDIS_PORT)."""

import os

SECRET_KEY = "django-tasks-e2e"
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
INSTALLED_APPS = ["django.contrib.contenttypes"]

BACKEND = os.environ["E2E_BACKEND"]
if BACKEND == "db":
    INSTALLED_APPS += ["django_tasks_db"]
    DATABASES = {
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["E2E_SQLITE"]}
    }
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    INSTALLED_APPS += ["django_rq"]
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
    RQ_QUEUES = {"default": {"HOST": "127.0.0.1", "PORT": int(os.environ["REDIS_PORT"])}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
