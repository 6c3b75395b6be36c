"""What Python 3.14 changes under the package: deferred annotations (PEP 649/749)
and asyncio's deprecations. Every test runs on every Python; only the
assertions that need 3.14 are skipped below it."""

import asyncio
import dataclasses
import importlib
import sys
import typing
import unittest
import warnings
from collections.abc import Callable
from datetime import datetime
from types import ModuleType
from typing import Any, TypeVar

import annotation_tasks
from django.test import SimpleTestCase

from django_tasks.base import Task, TaskContext, TaskError, TaskResult, TaskResultStatus, task

DATACLASSES: tuple[type, ...] = (Task, TaskError, TaskResult, TaskContext)

T = TypeVar("T")


def annotationlib() -> ModuleType:
    """The annotationlib module (new in Python 3.14), for the tests skipped
    below 3.14: the type checkers read this file as Python 3.10 and 3.12."""
    return importlib.import_module("annotationlib")


def origin(hint: Any) -> Any:
    """``TaskResult[P, R]``'s origin is ``TaskResult``; a plain class is itself."""
    return typing.get_origin(hint) or hint


class FieldAnnotationsTests(SimpleTestCase):
    """Serialisers and validators built on dataclasses (cattrs, pydantic,
    Django REST framework's) read the field types with typing.get_type_hints."""

    def test_every_field_has_a_resolvable_type(self) -> None:
        for cls in DATACLASSES:
            with self.subTest(cls=cls.__name__):
                hints = typing.get_type_hints(cls)
                self.assertEqual(set(hints), {f.name for f in dataclasses.fields(cls)})

    def test_field_types(self) -> None:
        task_hints = typing.get_type_hints(Task)
        self.assertIs(origin(task_hints["func"]), Callable)
        self.assertIs(task_hints["priority"], int)
        self.assertIs(task_hints["backend"], str)
        self.assertIs(task_hints["queue_name"], str)
        self.assertEqual(task_hints["run_after"], datetime | None)
        self.assertIs(task_hints["takes_context"], bool)

        result_hints = typing.get_type_hints(TaskResult)
        self.assertIs(origin(result_hints["task"]), Task)
        self.assertIs(result_hints["status"], TaskResultStatus)
        self.assertEqual(result_hints["enqueued_at"], datetime | None)
        self.assertEqual(result_hints["errors"], list[TaskError])
        self.assertEqual(result_hints["worker_ids"], list[str])

        self.assertEqual(
            typing.get_type_hints(TaskError), {"exception_class_path": str, "traceback": str}
        )
        self.assertIs(origin(typing.get_type_hints(TaskContext)["task_result"]), TaskResult)

    @unittest.skipIf(sys.version_info < (3, 14), "annotationlib is new in Python 3.14")
    def test_annotationlib_formats_agree(self) -> None:
        lib = annotationlib()
        for cls in DATACLASSES:
            with self.subTest(cls=cls.__name__):
                values = lib.get_annotations(cls, format=lib.Format.VALUE)
                forward_refs = lib.get_annotations(cls, format=lib.Format.FORWARDREF)
                strings = lib.get_annotations(cls, format=lib.Format.STRING)
                field_names = {f.name for f in dataclasses.fields(cls)}
                self.assertEqual(set(values), field_names)
                # Every name resolves: no ForwardRef left over.
                self.assertEqual(forward_refs, values)
                self.assertEqual(values, typing.get_type_hints(cls))
                self.assertEqual(set(strings), field_names)
                self.assertTrue(all(isinstance(s, str) for s in strings.values()), strings)
        self.assertEqual(
            lib.get_annotations(Task, format=lib.Format.STRING)["priority"],
            "int",
        )


class TaskFunctionAnnotationsTests(SimpleTestCase):
    """A context task's first parameter is checked on every enqueue; the
    check reads parameter names, never the annotations."""

    def test_string_annotations_naming_checker_only_names(self) -> None:
        result = annotation_tasks.with_context.enqueue(amounts=[1, 2])
        self.assertEqual(result.status, TaskResultStatus.SUCCESSFUL)
        self.assertEqual(result.return_value, "attempt 1: 3")

    def test_string_annotations_async(self) -> None:
        result = asyncio.run(annotation_tasks.async_with_context.aenqueue(amounts=[2]))
        self.assertEqual(result.status, TaskResultStatus.SUCCESSFUL)
        self.assertEqual(result.return_value, "attempt 1: 2")

    @unittest.skipIf(sys.version_info < (3, 14), "annotations are deferred from Python 3.14")
    def test_deferred_annotations_naming_checker_only_names(self) -> None:
        # Before the fix, the backport evaluated them: NameError: name
        # 'TaskContext' is not defined (Django 6's own check does not).
        import deferred_annotation_tasks as tasks

        result = tasks.with_context.enqueue(amounts=[1, 2])
        self.assertEqual(result.status, TaskResultStatus.SUCCESSFUL)
        self.assertEqual(result.return_value, "attempt 1: 3")
        result = asyncio.run(tasks.async_with_context.aenqueue(amounts=[2]))
        self.assertEqual(result.status, TaskResultStatus.SUCCESSFUL)
        self.assertEqual(result.return_value, "attempt 1: 2")
        self.assertEqual(tasks.without_context.enqueue([3, 4]).return_value, "7")

    @unittest.skipIf(sys.version_info < (3, 14), "annotations are deferred from Python 3.14")
    def test_deferred_annotations_stay_unevaluated(self) -> None:
        import deferred_annotation_tasks as tasks

        func = tasks.with_context.func
        lib = annotationlib()
        with self.assertRaisesMessage(NameError, "TaskContext"):
            lib.get_annotations(func, format=lib.Format.VALUE)
        tasks.with_context.enqueue(amounts=[1])
        # Still deferred: nothing cached an evaluated (or failed) result.
        with self.assertRaisesMessage(NameError, "TaskContext"):
            lib.get_annotations(func, format=lib.Format.VALUE)


@task()
async def _async_double(value: int) -> int:
    await asyncio.sleep(0)
    return value * 2


class AsyncioTests(SimpleTestCase):
    """Python 3.14 deprecates asyncio.iscoroutinefunction and the event loop
    policies, and asyncio.get_event_loop() no longer creates a loop: the
    async paths must neither warn nor depend on an implicit loop."""

    def assertNoWarnings(self, function: Callable[[], T]) -> T:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            value = function()
        self.assertEqual([str(w.message) for w in caught], [])
        return value

    def test_async_task_enqueued_from_sync_code(self) -> None:
        result = self.assertNoWarnings(lambda: _async_double.enqueue(21))
        self.assertEqual(result.return_value, 42)

    def test_async_task_enqueued_from_async_code(self) -> None:
        result = self.assertNoWarnings(lambda: asyncio.run(_async_double.aenqueue(21)))
        self.assertEqual(result.return_value, 42)

    def test_call_and_acall(self) -> None:
        self.assertEqual(self.assertNoWarnings(lambda: _async_double.call(4)), 8)
        self.assertEqual(self.assertNoWarnings(lambda: asyncio.run(_async_double.acall(4))), 8)

    def test_after_asyncio_run(self) -> None:
        asyncio.run(asyncio.sleep(0))
        self.assertEqual(_async_double.enqueue(5).return_value, 10)

    @unittest.skipIf(sys.version_info < (3, 14), "get_event_loop() makes no loop from 3.14")
    def test_no_current_event_loop(self) -> None:
        # asyncio.run() leaves no current loop behind, and from 3.14
        # get_event_loop() raises instead of making one: the sync paths into
        # async tasks must make their own.
        asyncio.run(asyncio.sleep(0))
        with self.assertRaises(RuntimeError):
            asyncio.get_event_loop()
        self.assertEqual(_async_double.enqueue(5).return_value, 10)
        self.assertEqual(_async_double.call(6), 12)
