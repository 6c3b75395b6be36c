"""The older django-tasks backport's database application in INSTALLED_APPS."""

SECRET_KEY = "django-tasks-cli-tests"
USE_TZ = True
INSTALLED_APPS = ["django_tasks", "django_tasks.backends.database"]
