"""Settings for the test suite. TASKS is deliberately unset: the default
(one ImmediateBackend under "default") is part of what is tested."""

SECRET_KEY = "django-tasks-tests"
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
USE_TZ = True
