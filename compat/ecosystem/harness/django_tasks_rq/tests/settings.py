"""Settings for django-tasks-rq's own test suite, run against django_tasks and
a real Redis server (the runner starts one and sets REDIS_PORT).

Written for this harness (the sdist ships tests/tests.py only). Unlike the
upstream settings, these do not call django_stubs_ext.monkeypatch():
django_tasks_rq does that itself on import, as real projects rely on.
"""

import os

SECRET_KEY = "django-tasks-ecosystem"
ALLOWED_HOSTS = ["*"]
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

INSTALLED_APPS = [
    "django_rq",
    "django_tasks_rq",
    "tests",
]

DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}

_REDIS = {"HOST": "127.0.0.1", "PORT": int(os.environ["REDIS_PORT"]), "DB": 0}
RQ_QUEUES = {"default": dict(_REDIS), "queue-1": dict(_REDIS)}

# No QUEUES: the backend takes the queues of RQ_QUEUES.
TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": []}}
