"""What every settings module here shares."""

SECRET_KEY = "django-tasks-cli-tests"
INSTALLED_APPS: list[str] = []
USE_TZ = True
