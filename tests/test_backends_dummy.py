"""django_tasks.backends.dummy: results stored, nothing run."""

from __future__ import annotations

import dataclasses
from typing import Any, cast

import example_tasks
from django.test import SimpleTestCase, override_settings
from django.utils import timezone

from django_tasks import default_task_backend
from django_tasks.backends.dummy import DummyBackend
from django_tasks.base import TaskError, TaskResult, TaskResultStatus
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


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
class DummyBackendLookupTests(SimpleTestCase):
    """get_result() finds what Django's scan of ``results`` would find,
    however the list was changed."""

    def setUp(self) -> None:
        default_task_backend.clear()  # type: ignore[attr-defined]
        self.backend: Any = default_task_backend

    def enqueue_many(self, count: int) -> list[TaskResult[..., Any]]:
        return [example_tasks.add.enqueue(i, i) for i in range(count)]

    def assert_found(self, result_id: str, expected: TaskResult[..., Any]) -> None:
        self.assertIs(self.backend.get_result(result_id), expected)

    def assert_missing(self, result_id: Any) -> None:
        with self.assertRaises(TaskResultDoesNotExist) as raised:
            self.backend.get_result(result_id)
        self.assertEqual(raised.exception.args, (result_id,))

    def test_finds_each_of_many(self) -> None:
        returned = self.enqueue_many(300)
        for position, result in enumerate(returned):
            self.assert_found(result.id, self.backend.results[position])
        self.assert_missing("x" * 32)

    def test_after_appending_directly(self) -> None:
        self.enqueue_many(3)
        self.backend.get_result(self.backend.results[0].id)
        extra = dataclasses.replace(self.backend.results[0], id="appended-directly")
        self.backend.results.append(extra)
        self.assert_found("appended-directly", extra)
        later = example_tasks.add.enqueue(1, 1)
        self.assert_found(later.id, self.backend.results[-1])

    def test_after_clearing_directly(self) -> None:
        returned = self.enqueue_many(3)
        self.backend.results.clear()
        for result in returned:
            self.assert_missing(result.id)
        again = example_tasks.add.enqueue(1, 1)
        self.assert_found(again.id, self.backend.results[0])

    def test_after_clear(self) -> None:
        returned = self.enqueue_many(3)
        self.backend.clear()
        self.assert_missing(returned[0].id)

    def test_after_removing_and_appending_directly(self) -> None:
        # The length stays the same.
        returned = self.enqueue_many(3)
        removed = self.backend.results.pop(0)
        extra = dataclasses.replace(removed, id="in-its-place")
        self.backend.results.append(extra)
        self.assert_missing(returned[0].id)
        self.assert_found("in-its-place", extra)
        self.assert_found(returned[2].id, self.backend.results[1])

    def test_after_replacing_one_in_the_middle(self) -> None:
        returned = self.enqueue_many(5)
        old = self.backend.results[2]
        new = dataclasses.replace(old, status=TaskResultStatus.SUCCESSFUL)
        self.backend.results[2] = new
        self.assert_found(old.id, new)
        other = dataclasses.replace(old, id="other-id")
        self.backend.results[1] = other
        self.assert_missing(returned[1].id)
        self.assert_found("other-id", other)

    def test_after_replacing_the_list(self) -> None:
        returned = self.enqueue_many(3)
        self.backend.results = list(reversed(self.backend.results))
        self.assert_found(returned[0].id, self.backend.results[2])
        self.backend.results = []
        self.assert_missing(returned[0].id)

    def test_first_of_two_with_the_same_id(self) -> None:
        self.enqueue_many(2)
        first = self.backend.results[0]
        duplicate = dataclasses.replace(first, status=TaskResultStatus.FAILED)
        self.backend.results.append(duplicate)
        self.assert_found(first.id, first)

    def test_ids_that_are_not_strings(self) -> None:
        self.enqueue_many(2)
        self.assert_missing(None)
        self.assert_missing(["unhashable"])
        self.assert_missing(12)

    def test_refresh_sees_a_result_replaced_directly(self) -> None:
        result = example_tasks.add.enqueue(1, 2)
        self.enqueue_many(2)
        stored = self.backend.results[0]
        self.backend.results[0] = dataclasses.replace(stored, status=TaskResultStatus.SUCCESSFUL)
        result.refresh()
        self.assertEqual(result.status, TaskResultStatus.SUCCESSFUL)


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
class DummyBackendIndependentCopyTests(SimpleTestCase):
    def setUp(self) -> None:
        default_task_backend.clear()  # type: ignore[attr-defined]
        self.backend: Any = default_task_backend

    def test_mutating_the_returned_result_leaves_the_stored_one(self) -> None:
        returned = example_tasks.echo.enqueue([1, [2]], 3, a={"b": [4]}, c=5)
        stored = self.backend.results[0]
        self.assertEqual(returned, stored)
        self.assertIsNot(returned, stored)

        returned.args.append("x")
        returned.args[0][1].append("y")
        returned.kwargs["d"] = 6
        returned.kwargs["a"]["b"].append("z")
        returned.errors.append(TaskError(exception_class_path="builtins.ValueError", traceback=""))
        returned.worker_ids.append("worker")

        self.assertEqual(stored.args, [[1, [2]], 3])
        self.assertEqual(stored.kwargs, {"a": {"b": [4]}, "c": 5})
        self.assertEqual(stored.errors, [])
        self.assertEqual(stored.worker_ids, [])

    def test_mutating_the_stored_result_leaves_the_returned_one(self) -> None:
        returned = example_tasks.echo.enqueue([1], a=[2])
        stored = self.backend.results[0]
        stored.args[0].append("x")
        stored.kwargs["a"].append("y")
        stored.worker_ids.append("worker")
        self.assertEqual(returned.args, [[1]])
        self.assertEqual(returned.kwargs, {"a": [2]})
        self.assertEqual(returned.worker_ids, [])

    def test_shares_only_immutable_values(self) -> None:
        returned = example_tasks.echo.enqueue(1, a=2)
        stored = self.backend.results[0]
        for name in ("args", "kwargs", "errors", "worker_ids"):
            with self.subTest(name=name):
                self.assertIsNot(getattr(returned, name), getattr(stored, name))
        self.assertEqual(returned.task, stored.task)
        self.assertEqual(returned.enqueued_at, stored.enqueued_at)
