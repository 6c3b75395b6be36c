"""django_tasks.checks: every backend's check() runs as a system check."""

from __future__ import annotations

import unittest
from typing import Any

import django
from django.core import checks
from django.core.checks import Error
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import SimpleTestCase, override_settings

from django_tasks.backends.dummy import DummyBackend
from django_tasks.checks import check_tasks


class FailingCheckBackend(DummyBackend):
    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        return [Error("backend misconfigured", id="tests.E001", obj=self.alias)]


FAILING = {"default": {"BACKEND": f"{__name__}.FailingCheckBackend"}}


class CheckTests(SimpleTestCase):
    def test_registered_without_installed_app(self) -> None:
        # tests/django_settings.py does not list "django_tasks" in INSTALLED_APPS.
        # django-stubs 5.2 leaves get_checks()'s items unparametrised (partly Unknown).
        self.assertIn(check_tasks, checks.registry.registry.get_checks())  # pyright: ignore[reportUnknownMemberType, reportUnknownArgumentType]

    def test_no_messages_by_default(self) -> None:
        self.assertEqual(list(check_tasks()), [])

    @override_settings(TASKS=FAILING)
    def test_backend_messages_are_reported(self) -> None:
        [message] = list(check_tasks())
        self.assertEqual(message.id, "tests.E001")

    @override_settings(TASKS=FAILING)
    def test_manage_py_check_fails(self) -> None:
        with self.assertRaisesMessage(SystemCheckError, "tests.E001"):
            call_command("check")


class BackportCheckOnDjango6Tests(SimpleTestCase):
    @unittest.skipIf(django.VERSION < (6, 0), "the backport's check is the check below Django 6.0")
    def test_importing_the_backport_adds_no_second_check(self) -> None:
        # The backport is imported on Django 6 by the tests and compat/differential;
        # its check would report Django's TASKS with the backport's exceptions.
        from django_tasks._backport import checks as backport_checks

        # django-stubs 5.2 leaves get_checks()'s items unparametrised (partly Unknown).
        registered: list[Any] = list(checks.registry.registry.get_checks())  # pyright: ignore[reportUnknownMemberType, reportUnknownArgumentType]
        self.assertNotIn(backport_checks.check_tasks, registered)
        self.assertIn(check_tasks, registered)
