"""The Celery app: ``celery -A celery_app worker``; settings.py opts in."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")

app = Celery("optin_kit")
app.config_from_object("django.conf:settings", namespace="CELERY")
