"""Security: JSON only on the task path; stored paths are never called.

The guarantees SECURITY.md lists, each proven here on every Django:

- Arguments, keyword arguments and return values are normalised to JSON types
  at enqueue (and after the run); the Immediate and Dummy backends never pickle
  them, and an object that only pickle could carry is refused.
- Unpickling a Task payload whose function path names something that is not a
  Task (``os.system``, ``builtins.exec``, ...) raises ``ValueError`` without
  calling it.
- ``TaskError.exception_class`` returns an exception class or raises; it
  never calls what the stored path names.
"""

from __future__ import annotations

import asyncio
import json
import os
import pickle
import subprocess
import sys
import threading
import unittest
from collections.abc import Generator
from contextlib import contextmanager
from typing import Any
from unittest import mock

import django
import example_tasks
from django.test import SimpleTestCase, override_settings

import django_tasks
from django_tasks import TaskResultStatus
from django_tasks.base import TaskError

IMMEDIATE = {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
DUMMY = {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}

# Events that mean "something was run": os.system, exec/eval of code, any
# process spawned. Checked with an audit hook while a test watches.
_RUN_EVENTS = ("os.system", "exec", "compile", "subprocess.Popen", "os.exec", "os.spawn")
_PROCESS_EVENTS = ("os.posix_spawn", "os.fork")


class _Watch(threading.local):
    events: list[str] | None = None


_watch = _Watch()
_hook_installed = False


def _audit(event: str, args: tuple[Any, ...]) -> None:
    events = _watch.events
    if events is not None and event.startswith(_RUN_EVENTS + _PROCESS_EVENTS):
        events.append(event)


@contextmanager
def nothing_is_run(test: unittest.TestCase) -> Generator[None, None, None]:
    """Fail ``test`` if code is executed or a process started in the block."""
    global _hook_installed
    if not _hook_installed:
        # Audit hooks cannot be removed; this one only records while watched.
        sys.addaudithook(_audit)
        _hook_installed = True
    _watch.events = []
    try:
        yield
    finally:
        events, _watch.events = _watch.events, None
        test.assertEqual(events, [], "code was run")


calls: list[Any] = []


def dangerous(*args: Any, **kwargs: Any) -> None:
    """A plain module-level function: what a crafted path might name."""
    calls.append(args)


class RecordingMeta(type):
    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        calls.append(cls)
        return super().__call__(*args, **kwargs)


class Trap(metaclass=RecordingMeta):
    """A class whose instantiation is recorded."""


class TrapError(Exception, metaclass=RecordingMeta):
    """An exception class whose instantiation is recorded."""


class HasFunc:
    """An object with a ``func`` attribute naming a plain function."""

    func = staticmethod(dangerous)


HAS_FUNC = HasFunc()


class CraftedTaskPickle:
    """Pickles as ``task`` with its function path replaced by ``path``."""

    def __init__(self, task: Any, path: str) -> None:
        self.task, self.path = task, path

    def __reduce__(self) -> tuple[Any, ...]:
        reconstruct, (kwargs,) = self.task.__reduce__()
        return (reconstruct, ({**kwargs, "func": self.path},))


class PickleOnly:
    """Carries state pickle would restore; JSON cannot represent it."""

    reduced = False

    def __reduce__(self) -> tuple[Any, ...]:
        PickleOnly.reduced = True
        return (dangerous, ("from __reduce__",))


def _refuse(*args: Any, **kwargs: Any) -> None:
    raise AssertionError("pickle was used on the task path")


@contextmanager
def pickle_forbidden() -> Generator[None, None, None]:
    names = ["dumps", "loads", "dump", "load", "Pickler", "Unpickler"]
    refused: dict[str, Any] = dict.fromkeys(names, _refuse)
    with mock.patch.multiple(pickle, **refused):
        yield


def _is_json(value: Any) -> bool:
    return bool(json.loads(json.dumps(value, allow_nan=False)) == value)


@override_settings(TASKS={"default": IMMEDIATE, "dummy": DUMMY})
class JSONOnlyTests(SimpleTestCase):
    ARGS = (1, 2.5, "text", None, True, [1, [2]], {"nested": {"list": [1, "a"]}})
    KWARGS = {"key": {"a": [1, 2]}, "flag": False}

    def test_immediate_backend_never_pickles(self) -> None:
        with pickle_forbidden():
            result = example_tasks.echo.enqueue(*self.ARGS, **self.KWARGS)
            async_result = asyncio.run(example_tasks.echo.aenqueue(*self.ARGS, **self.KWARGS))
        for each in (result, async_result):
            self.assertEqual(each.status, TaskResultStatus.SUCCESSFUL)
            self.assertTrue(_is_json(each.args))
            self.assertTrue(_is_json(each.kwargs))
            self.assertTrue(_is_json(each.return_value))
            self.assertEqual(each.return_value, [list(each.args), each.kwargs])

    def test_dummy_backend_never_pickles(self) -> None:
        task = example_tasks.echo.using(backend="dummy")
        backend = django_tasks.task_backends["dummy"]
        with pickle_forbidden():
            result = task.enqueue(*self.ARGS, **self.KWARGS)
            stored = task.get_result(result.id)
            result.refresh()

            async def async_path() -> Any:
                async_result = await task.aenqueue(*self.ARGS, **self.KWARGS)
                await async_result.arefresh()
                return await task.aget_result(async_result.id)

            backend.clear()  # type: ignore[attr-defined]
            async_stored = asyncio.run(async_path())
        for each in (stored, async_stored):
            self.assertTrue(_is_json(each.args))
            self.assertTrue(_is_json(each.kwargs))
            self.assertEqual(each.args, [1, 2.5, "text", None, True, [1, [2]], self.ARGS[-1]])

    def test_failure_is_recorded_without_pickling(self) -> None:
        with pickle_forbidden():
            result = example_tasks.fail.enqueue("boom")
        self.assertEqual(result.status, TaskResultStatus.FAILED)
        self.assertIsInstance(result.errors[0].exception_class_path, str)
        self.assertIsInstance(result.errors[0].traceback, str)

    def test_pickle_only_argument_is_refused_unreduced(self) -> None:
        PickleOnly.reduced = False
        for alias in ("default", "dummy"):
            task = example_tasks.echo.using(backend=alias)
            with self.subTest(alias), self.assertRaisesMessage(TypeError, "Unsupported type"):
                task.enqueue(PickleOnly())
            with self.subTest(alias), self.assertRaisesMessage(TypeError, "Unsupported type"):
                task.enqueue(key={"inner": PickleOnly()})
        self.assertFalse(PickleOnly.reduced)
        self.assertEqual(calls, [])

    def test_pickle_only_return_value_fails_the_task(self) -> None:
        result = example_tasks.return_unserialisable.enqueue()
        self.assertEqual(result.status, TaskResultStatus.FAILED)
        self.assertEqual(result.errors[0].exception_class_path, "builtins.TypeError")


@override_settings(TASKS={"default": IMMEDIATE})
class CraftedPickleTests(SimpleTestCase):
    """Unpickling a Task names its function by path: that path is checked."""

    def setUp(self) -> None:
        calls.clear()

    def unpickle(self, path: str) -> Any:
        payload = pickle.dumps(CraftedTaskPickle(example_tasks.noop, path))
        return pickle.loads(payload)

    @unittest.skipIf(django.VERSION[:2] == (6, 0), "Django 6.0's Task has no pickling hook")
    def test_paths_to_callables_raise_value_error_uncalled(self) -> None:
        for path in [
            "os.system",
            "builtins.exec",
            "builtins.eval",
            "subprocess.getoutput",
            "subprocess.Popen",
            f"{__name__}.dangerous",
            f"{__name__}.Trap",
            "nope.module.attribute",
            "os",
        ]:
            with (
                self.subTest(path),
                nothing_is_run(self),
                self.assertRaisesMessage(
                    ValueError, f"Expected {path!r} to point to a Task instance."
                ),
            ):
                self.unpickle(path)
        self.assertEqual(calls, [])

    @unittest.skipIf(django.VERSION >= (6, 0), "the backport's own check (a Divergence)")
    def test_object_with_a_func_attribute_is_refused(self) -> None:
        # Divergence: Django 6.1 would build a Task around ``HAS_FUNC.func``
        # (not call it); the backport wants a Task at the path.
        with nothing_is_run(self), self.assertRaisesMessage(ValueError, "to point to a Task"):
            self.unpickle(f"{__name__}.HAS_FUNC")
        self.assertEqual(calls, [])

    @unittest.skipIf(django.VERSION[:2] == (6, 0), "Django 6.0's Task has no pickling hook")
    def test_a_real_task_round_trips(self) -> None:
        task = pickle.loads(pickle.dumps(example_tasks.add))
        self.assertEqual(task, example_tasks.add)
        result = pickle.loads(pickle.dumps(example_tasks.add.enqueue(1, 2)))
        self.assertEqual(result.return_value, 3)


class ExceptionClassTests(SimpleTestCase):
    """TaskError.exception_class resolves a stored path; it never calls it."""

    def setUp(self) -> None:
        calls.clear()

    def test_non_exceptions_raise_value_error_uncalled(self) -> None:
        for path in [
            "os.system",
            "builtins.exec",
            "builtins.eval",
            "subprocess.Popen",
            "subprocess.getoutput",
            "builtins.int",
            "builtins.object",
            "builtins.type",
            f"{__name__}.dangerous",
            f"{__name__}.Trap",
            f"{__name__}.HAS_FUNC",
            "os.environ",
        ]:
            error = TaskError(exception_class_path=path, traceback="")
            with (
                self.subTest(path),
                nothing_is_run(self),
                self.assertRaisesMessage(
                    ValueError, f"{path!r} does not reference a valid exception."
                ),
            ):
                _ = error.exception_class
        self.assertEqual(calls, [])

    def test_exception_classes_are_returned_uncalled(self) -> None:
        for path, expected in [
            ("builtins.ValueError", ValueError),
            ("builtins.KeyboardInterrupt", KeyboardInterrupt),
            ("builtins.BaseException", BaseException),
            ("subprocess.CalledProcessError", subprocess.CalledProcessError),
            (f"{__name__}.TrapError", TrapError),
        ]:
            error = TaskError(exception_class_path=path, traceback="")
            with self.subTest(path), nothing_is_run(self):
                self.assertIs(error.exception_class, expected)
        self.assertEqual(calls, [])

    def test_unimportable_paths_raise_import_error(self) -> None:
        for path in ["nope.Error", "builtins.NoSuchError", "os.path.nope.Error", "os"]:
            error = TaskError(exception_class_path=path, traceback="")
            with self.subTest(path), nothing_is_run(self), self.assertRaises(ImportError):
                _ = error.exception_class

    def test_audit_hook_sees_what_it_should(self) -> None:
        # The watcher itself works: running code inside it is reported.
        with self.assertRaisesMessage(AssertionError, "code was run"), nothing_is_run(self):
            exec("1")
        self.assertTrue(os.path.exists(os.devnull))
