"""django_tasks.exceptions."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase

from django_tasks import exceptions


class HierarchyTests(SimpleTestCase):
    def test_hierarchy(self) -> None:
        # At runtime too, not only in the stubs.
        self.assertTrue(issubclass(exceptions.TaskException, Exception))  # pyright: ignore[reportUnnecessaryIsInstance]
        for name in ("InvalidTask", "TaskResultDoesNotExist", "TaskResultMismatch"):
            with self.subTest(name=name):
                self.assertTrue(issubclass(getattr(exceptions, name), exceptions.TaskException))
        self.assertTrue(issubclass(exceptions.InvalidTaskBackend, ImproperlyConfigured))  # pyright: ignore[reportUnnecessaryIsInstance]
        self.assertFalse(issubclass(exceptions.InvalidTaskBackend, exceptions.TaskException))

    def test_public_module_path(self) -> None:
        # Reprs, pickles and TaskError paths name the public module.
        for name in exceptions.__all__:
            cls = getattr(exceptions, name)
            self.assertIn(cls.__module__, {"django_tasks.exceptions", "django.tasks.exceptions"})

    def test_older_backport_names(self) -> None:
        self.assertIs(exceptions.InvalidTaskError, exceptions.InvalidTask)
        self.assertIs(exceptions.InvalidTaskBackendError, exceptions.InvalidTaskBackend)
