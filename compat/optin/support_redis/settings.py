"""Settings for django-tasks-redis's own test suite (the sdist ships the tests
but not this module). Written for this kit from what the tests read:
``REDIS_OPTIONS``, a token-protected "default" backend, a "closed" one."""

import os

# The one line the README asks for: everything below, and every module the
# suite imports, sees Django 6's django.tasks on Django 4.2-5.2.
from django_tasks.optin import install_builtin_alias

install_builtin_alias()

SECRET_KEY = "optin-kit-django-tasks-redis"
DEBUG = True
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.admin",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django_tasks_redis",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "tests.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
USE_TZ = True
TIME_ZONE = "UTC"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The kit's runner starts redis-server on a free loopback port.
REDIS_OPTIONS = {
    "REDIS_URL": os.environ["OPTIN_REDIS_URL"],
    "REDIS_KEY_PREFIX": "django_tasks_test",
    "REDIS_RESULT_TTL": 3600,
}
TASKS = {
    # The endpoints stay closed unless a backend says how to authenticate.
    "default": {
        "BACKEND": "tests.backends.TokenAuthRedisTaskBackend",
        "QUEUES": [],
        "OPTIONS": REDIS_OPTIONS,
    },
    "closed": {
        "BACKEND": "django_tasks_redis.RedisTaskBackend",
        "QUEUES": [],
        "OPTIONS": REDIS_OPTIONS,
    },
}
