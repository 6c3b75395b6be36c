"""The optional "django_tasks" app."""

from __future__ import annotations

from django.apps import apps
from django.test import SimpleTestCase, modify_settings

from django_tasks import task_backends
from django_tasks.backends.immediate import ImmediateBackend


class AppConfigTests(SimpleTestCase):
    @modify_settings(INSTALLED_APPS={"append": "django_tasks"})
    def test_installed_app_is_harmless(self) -> None:
        config = apps.get_app_config("django_tasks")
        self.assertEqual(config.name, "django_tasks")
        self.assertIsInstance(task_backends["default"], ImmediateBackend)
