"""django_tasks.backends.dummy: results stored, nothing run."""

from __future__ import annotations

from typing import cast

import example_tasks
from django.test import SimpleTestCase, override_settings
from django.utils import timezone

from django_tasks import default_task_backend
from django_tasks.backends.dummy import DummyBackend
from django_tasks.base import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
class DummyBackendTests(SimpleTestCase):
    def setUp(self) -> None:
        default_task_backend.clear()  # type: ignore[attr-defined]

    def test_flags(self) -> None:
        self.assertIs(DummyBackend.supports_defer, True)
        self.assertIs(DummyBackend.supports_async_task, True)
        self.assertIs(DummyBackend.supports_priority, True)
        self.assertIs(DummyBackend.supports_get_result, False)

    def test_enqueue_stores_without_running(self) -> None:
        result = example_tasks.fail.enqueue("never raised")
        self.assertEqual(result.status, TaskResultStatus.READY)
        self.assertIsNotNone(result.enqueued_at)
        self.assertIsNone(result.started_at)
        self.assertEqual(result.worker_ids, [])
        self.assertEqual(default_task_backend.results, [result])  # type: ignore[attr-defined]

    def test_run_after(self) -> None:
        when = timezone.now()
        result = example_tasks.noop.using(run_after=when).enqueue()
        self.assertEqual(result.task.run_after, when)

    def test_returned_result_is_independent(self) -> None:
        result = example_tasks.echo.enqueue([1, [2]], a={"b": [3]})
        stored = default_task_backend.get_result(result.id)
        self.assertEqual(result, stored)
        self.assertIsNot(result, stored)
        result.args[0][1].append("changed")
        result.kwargs["a"]["b"].append("changed")
        result.worker_ids.append("changed")
        result.errors.append("changed")  # type: ignore[arg-type]
        self.assertEqual(stored.args, [[1, [2]]])
        self.assertEqual(stored.kwargs, {"a": {"b": [3]}})
        self.assertEqual(stored.worker_ids, [])
        self.assertEqual(stored.errors, [])

    def test_get_result(self) -> None:
        results = [example_tasks.add.enqueue(i, i) for i in range(5)]
        for result in results:
            self.assertEqual(default_task_backend.get_result(result.id).args, result.args)

    async def test_aget_result(self) -> None:
        result = await example_tasks.add.aenqueue(1, 2)
        self.assertEqual((await default_task_backend.aget_result(result.id)).id, result.id)

    def test_unknown_id(self) -> None:
        with self.assertRaisesMessage(TaskResultDoesNotExist, "unknown"):
            default_task_backend.get_result("unknown")

    def test_clear(self) -> None:
        result = example_tasks.add.enqueue(1, 2)
        default_task_backend.clear()  # type: ignore[attr-defined]
        self.assertEqual(default_task_backend.results, [])  # type: ignore[attr-defined]
        with self.assertRaises(TaskResultDoesNotExist):
            default_task_backend.get_result(result.id)

    def test_results_list_changed_from_outside(self) -> None:
        # ``results`` is a public list: lookups follow direct changes to it.
        kept = example_tasks.add.enqueue(1, 2)
        dropped = example_tasks.add.enqueue(3, 4)
        results = cast(DummyBackend, default_task_backend).results
        results.remove(results[1])
        with self.assertRaises(TaskResultDoesNotExist):
            default_task_backend.get_result(dropped.id)
        self.assertEqual(default_task_backend.get_result(kept.id).id, kept.id)
        results.clear()
        with self.assertRaises(TaskResultDoesNotExist):
            default_task_backend.get_result(kept.id)
        results.append(dropped)
        self.assertEqual(default_task_backend.get_result(dropped.id).id, dropped.id)

    def test_refresh_reads_the_store(self) -> None:
        result = example_tasks.add.enqueue(1, 2)
        stored = default_task_backend.get_result(result.id)
        object.__setattr__(stored, "status", TaskResultStatus.SUCCESSFUL)
        object.__setattr__(stored, "_return_value", 3)
        result.refresh()
        self.assertEqual(result.return_value, 3)
