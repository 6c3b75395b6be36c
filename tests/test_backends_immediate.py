"""django_tasks.backends.immediate: tasks run at enqueue time, in the caller's thread."""

from __future__ import annotations

from typing import cast

import example_tasks
from django.test import SimpleTestCase, override_settings
from django.utils import timezone

from django_tasks import default_task_backend
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import TaskResultStatus


@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
)
class ImmediateBackendTests(SimpleTestCase):
    def test_flags(self) -> None:
        self.assertIs(ImmediateBackend.supports_async_task, True)
        self.assertIs(ImmediateBackend.supports_priority, True)
        self.assertIs(ImmediateBackend.supports_defer, False)
        self.assertIs(ImmediateBackend.supports_get_result, False)

    def test_worker_id(self) -> None:
        worker_id = cast(ImmediateBackend, default_task_backend).worker_id
        self.assertRegex(worker_id, r"\A[A-Za-z0-9]{32}\Z")

    def test_successful_task(self) -> None:
        before = timezone.now()
        result = example_tasks.add.enqueue(2, y=3)
        after = timezone.now()
        self.assertEqual(result.status, TaskResultStatus.SUCCESSFUL)
        self.assertEqual(result.return_value, 5)
        self.assertEqual(result.args, [2])
        self.assertEqual(result.kwargs, {"y": 3})
        self.assertEqual(result.backend, "default")
        self.assertEqual(result.errors, [])
        self.assertEqual(result.worker_ids, [default_task_backend.worker_id])  # type: ignore[attr-defined]
        self.assertEqual(result.attempts, 1)
        self.assertTrue(result.is_finished)
        self.assertRegex(result.id, r"\A[A-Za-z0-9]{32}\Z")
        assert result.enqueued_at and result.started_at and result.finished_at
        self.assertTrue(before <= result.enqueued_at <= result.started_at)
        self.assertEqual(result.last_attempted_at, result.started_at)
        self.assertTrue(result.started_at <= result.finished_at <= after)

    async def test_async_task(self) -> None:
        result = await example_tasks.async_add.aenqueue(1, 1)
        self.assertEqual(result.status, TaskResultStatus.SUCCESSFUL)
        self.assertEqual(result.return_value, 2)

    def test_async_task_enqueued_from_sync(self) -> None:
        self.assertEqual(example_tasks.async_add.enqueue(3, 4).return_value, 7)

    def test_context(self) -> None:
        result = example_tasks.context_info.enqueue("v")
        self.assertEqual(result.return_value, {"id": result.id, "attempt": 1, "value": "v"})

    def test_return_value_is_normalised(self) -> None:
        result = example_tasks.echo.enqueue((1, 2), key=b"bytes")
        self.assertEqual(result.return_value, [[[1, 2]], {"key": "bytes"}])

    def test_failing_task(self) -> None:
        with self.assertLogs("django.tasks", "ERROR"):
            result = example_tasks.fail.enqueue("boom")
        self.assertEqual(result.status, TaskResultStatus.FAILED)
        self.assertIsNotNone(result.finished_at)
        with self.assertRaisesMessage(ValueError, "Task failed"):
            result.return_value  # noqa: B018
        [error] = result.errors
        self.assertEqual(error.exception_class_path, "builtins.ValueError")
        self.assertIs(error.exception_class, ValueError)
        self.assertTrue(error.traceback.startswith("Traceback (most recent call last):"))
        self.assertIn("raise ValueError(message)", error.traceback)
        self.assertTrue(error.traceback.endswith("ValueError: boom\n"))

    def test_unnormalisable_return_value_fails_the_task(self) -> None:
        with self.assertLogs("django.tasks", "ERROR"):
            result = example_tasks.return_unserialisable.enqueue()
        self.assertEqual(result.status, TaskResultStatus.FAILED)
        self.assertEqual(result.errors[0].exception_class_path, "builtins.TypeError")
        self.assertIn("Unsupported type: <class 'object'>", result.errors[0].traceback)

    def test_get_result_not_supported(self) -> None:
        result = example_tasks.add.enqueue(1, 2)
        with self.assertRaises(NotImplementedError):
            example_tasks.add.get_result(result.id)
