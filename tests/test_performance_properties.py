"""What the fast paths (benchmarks/) must keep: the same results as the slow
ways they replace. Nothing here is timed.

The DummyBackend tests go through the public backend, so on Django 6 they
check that the built-in behaves the same way.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import logging
import os
import string
import subprocess
import sys
import threading
import types
import unittest
from collections import Counter, OrderedDict
from collections.abc import Mapping, Sequence
from typing import Any, cast
from unittest import mock

import example_tasks
from asgiref.sync import markcoroutinefunction
from django.test import SimpleTestCase, override_settings

import django_tasks._backport as backport
from django_tasks import default_task_backend
from django_tasks._backport import (
    copy_json,
    get_random_id,
    is_coroutine_function,
    new_result_id,
    normalize_json,
)
from django_tasks._backport import signals as backport_signals
from django_tasks._backport.backends._results import ResultIndex, new_task_result, set_status
from django_tasks._backport.base import Task as BackportTask
from django_tasks._backport.base import TaskResult as BackportTaskResult
from django_tasks._backport.base import TaskResultStatus as BackportStatus
from django_tasks.base import TaskError, TaskResult, TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

ALPHABET = string.ascii_letters + string.digits


class GetRandomIdTests(SimpleTestCase):
    def test_length_and_alphabet(self) -> None:
        for length in (0, 1, 5, 32, 100):
            with self.subTest(length=length):
                value = get_random_id(length)
                self.assertIsInstance(value, str)
                self.assertEqual(len(value), length)
                self.assertLessEqual(set(value), set(ALPHABET))

    def test_default_length_is_32(self) -> None:
        self.assertEqual(len(get_random_id()), 32)

    def test_unique(self) -> None:
        ids = {get_random_id(32) for _ in range(20_000)}
        self.assertEqual(len(ids), 20_000)

    def test_every_character_equally_likely(self) -> None:
        counts = Counter("".join(get_random_id(32) for _ in range(4_000)))
        self.assertEqual(set(counts), set(ALPHABET))
        expected = 4_000 * 32 / len(ALPHABET)  # about 2065 each, sigma about 45
        for char, count in counts.items():
            with self.subTest(char=char):
                self.assertLess(abs(count - expected), 300)

    def test_each_accepted_byte_maps_to_one_character_four_times(self) -> None:
        # 248 = 4 * 62 accepted byte values: every character from exactly four
        # of them, so no character is favoured (no modulo bias).
        every_accepted_byte = bytes(range(248))
        with mock.patch.object(backport, "_urandom", return_value=every_accepted_byte):
            value = get_random_id(248)
        self.assertEqual(Counter(value), dict.fromkeys(ALPHABET, 4))

    def test_bytes_248_to_255_are_rejected_and_replaced(self) -> None:
        rejected = bytes(range(248, 256)) * 10
        draws = [rejected, b"\x00" * 5, b"\x01" * 64]
        with mock.patch.object(backport, "_urandom", side_effect=draws) as urandom:
            value = get_random_id(8)
        # Only the rejected bytes came first: more draws until 8 were accepted.
        self.assertEqual(value, ALPHABET[0] * 5 + ALPHABET[1] * 3)
        self.assertEqual(urandom.call_count, 3)

    def test_reads_the_os_secure_source(self) -> None:
        import os

        self.assertIs(backport._urandom, os.urandom)


class NewResultIdTests(SimpleTestCase):
    """Result ids are drawn 64 at a time; each must still be a fresh,
    uniformly drawn 32-character id."""

    def setUp(self) -> None:
        backport._result_ids.clear()

    def test_length_alphabet_and_uniqueness(self) -> None:
        ids = [new_result_id() for _ in range(20_000)]
        self.assertEqual(len(set(ids)), 20_000)
        for value in ids[:200]:
            self.assertEqual(len(value), 32)
            self.assertLessEqual(set(value), set(ALPHABET))

    def test_every_character_equally_likely(self) -> None:
        counts = Counter("".join(new_result_id() for _ in range(4_000)))
        self.assertEqual(set(counts), set(ALPHABET))
        expected = 4_000 * 32 / len(ALPHABET)
        for char, count in counts.items():
            with self.subTest(char=char):
                self.assertLess(abs(count - expected), 300)

    def test_one_read_of_the_secure_source_for_64_ids(self) -> None:
        with mock.patch.object(backport, "_urandom", wraps=os.urandom) as urandom:
            ids = [new_result_id() for _ in range(64)]
            self.assertEqual(urandom.call_count, 1)
            new_result_id()
            self.assertEqual(urandom.call_count, 2)
        # Consecutive slices of one draw, never overlapping.
        self.assertEqual(len(set(ids)), 64)

    def test_ids_taken_in_turn_by_threads_are_all_different(self) -> None:
        taken: list[list[str]] = [[] for _ in range(8)]

        def take(into: list[str]) -> None:
            for _ in range(2_000):
                into.append(new_result_id())

        threads = [threading.Thread(target=take, args=(into,)) for into in taken]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        every_id = [value for into in taken for value in into]
        self.assertEqual(len(set(every_id)), 16_000)

    @unittest.skipUnless(hasattr(os, "fork"), "needs os.fork")
    def test_a_forked_child_draws_its_own_ids(self) -> None:
        # In a process of its own: this one has threads (asgiref's), and
        # forking a threaded process is unsafe.
        completed = subprocess.run(
            [sys.executable, "-c", _FORK_CHECK], capture_output=True, text=True, check=False
        )
        self.assertEqual(completed.returncode, 0, completed.stderr)
        pool_in_parent, pool_in_child, overlap = completed.stdout.split()
        self.assertEqual((pool_in_parent, pool_in_child, overlap), ("63", "0", "0"))


# Draws one id (the pool keeps 63), forks; prints the pool's size in the
# parent and in the child, and how many of the parent's next 63 ids the
# child's first 63 share.
_FORK_CHECK = """
import os
from django_tasks._backport import _result_ids, new_result_id

new_result_id()
pool_in_parent = len(_result_ids)
read_end, write_end = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(read_end)
    report = [str(len(_result_ids))] + [new_result_id() for _ in range(63)]
    os.write(write_end, " ".join(report).encode())
    os._exit(0)
os.close(write_end)
with os.fdopen(read_end) as pipe:
    pool_in_child, *child_ids = pipe.read().split()
os.waitpid(pid, 0)
parent_ids = [new_result_id() for _ in range(63)]
print(pool_in_parent, pool_in_child, len(set(child_ids) & set(parent_ids)))
"""


def _django_normalize_json(obj: Any) -> Any:
    """Django 6's normalize_json, written out as its docs and code describe it."""
    if isinstance(obj, Mapping):
        # pyright reads isinstance() of Any as Mapping[Unknown, Unknown].
        return {_django_normalize_json(k): _django_normalize_json(v) for k, v in obj.items()}  # pyright: ignore[reportUnknownVariableType]
    if isinstance(obj, bytes):
        try:
            return obj.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError(f"Unsupported value: {type(obj)}") from None
    if isinstance(obj, (str, int, float, bool)) or obj is None:
        return obj
    if isinstance(obj, Sequence):
        return [_django_normalize_json(v) for v in obj]  # pyright: ignore[reportUnknownVariableType]
    raise TypeError(f"Unsupported type: {type(obj)}")


class _Str(str):
    pass


class NormalizeJsonTests(SimpleTestCase):
    VALUES: tuple[Any, ...] = (
        None,
        True,
        1,
        1.5,
        "text",
        b"bytes",
        (),
        (1, "a", None, 2.5, False),
        [1, [2, (3,)]],
        {},
        {"a": 1, "b": None},
        {"a": (1, 2), 3: {"b": b"c"}},
        {b"k": "v"},
        OrderedDict[str, int](a=1),
        (_Str("sub"), 1),
        {"a": _Str("x")},
        range(3),
    )

    def test_same_result_as_djangos(self) -> None:
        for value in self.VALUES:
            with self.subTest(value=value):
                ours = normalize_json(value)
                expected = _django_normalize_json(value)
                self.assertEqual(ours, expected)
                self.assertEqual(_types(ours), _types(expected))

    def test_same_errors_as_djangos(self) -> None:
        for value in ((1, object()), {"a": {1, 2}}, b"\xff", [b"\xff"]):
            with self.subTest(value=value):
                with self.assertRaises(Exception) as expected:
                    _django_normalize_json(value)
                with self.assertRaises(type(expected.exception)) as ours:
                    normalize_json(value)
                self.assertEqual(str(ours.exception), str(expected.exception))

    def test_returns_new_containers(self) -> None:
        flat_list = [1, 2]
        flat_dict = {"a": 1}
        self.assertIsNot(normalize_json(flat_list), flat_list)
        self.assertIsNot(normalize_json(flat_dict), flat_dict)

    def test_flat_sequences_take_exactly_their_size(self) -> None:
        # What keeps a stored DummyBackend result no larger than Django's.
        self.assertEqual(sys.getsizeof(normalize_json((1, 2))), sys.getsizeof([1, 2]))


def _types(value: Any) -> Any:
    """``value`` with every item replaced by its exact type (to compare types deeply)."""
    # pyright reads isinstance() of Any as list[Unknown], dict[Unknown, Unknown].
    if isinstance(value, list):
        return [_types(v) for v in value]  # pyright: ignore[reportUnknownVariableType]
    if isinstance(value, dict):
        return {k: _types(v) for k, v in value.items()}  # pyright: ignore[reportUnknownVariableType]
    return type(value)  # pyright: ignore[reportUnknownVariableType]


class CopyJsonTests(SimpleTestCase):
    def test_equal_and_sharing_no_container(self) -> None:
        value: Any = {"a": [1, {"b": [2, 3]}, "s"], "c": {}, "d": [], "e": None}
        copied = copy_json(value)
        self.assertEqual(copied, value)
        self.assertIsNot(copied, value)
        self.assertIsNot(copied["a"], value["a"])
        self.assertIsNot(copied["a"][1], value["a"][1])
        self.assertIsNot(copied["a"][1]["b"], value["a"][1]["b"])
        self.assertIsNot(copied["c"], value["c"])
        self.assertIsNot(copied["d"], value["d"])

    def test_flat_containers_are_copied(self) -> None:
        for value in ([1, "a", None], {"a": 1.5, "b": True}):
            with self.subTest(value=value):
                copied = copy_json(value)
                self.assertEqual(copied, value)
                self.assertIsNot(copied, value)

    def test_scalars_are_returned_as_they_are(self) -> None:
        for value in (None, True, 0, 1.5, "text"):
            with self.subTest(value=value):
                self.assertIs(copy_json(value), value)

    def test_mutating_the_copy_leaves_the_original(self) -> None:
        value = [[1], {"k": [2]}]
        copied = copy_json(value)
        copied[0].append("x")
        copied[1]["k"].append("y")
        copied[1]["new"] = 1
        self.assertEqual(value, [[1], {"k": [2]}])


def _as_backport_task(task: object) -> BackportTask[..., Any]:
    """On Django 6 the example tasks are Django's Task, which the backport's
    helpers take as their own (they read the same fields)."""
    return cast("BackportTask[..., Any]", task)


class NewTaskResultTests(SimpleTestCase):
    @override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
    def test_same_as_the_dataclass_constructor(self) -> None:
        task = _as_backport_task(example_tasks.echo)
        built = new_task_result(task, (1, (2,)), {"a": (3,)}, "default")
        expected = BackportTaskResult(
            task=task,
            id=built.id,
            status=BackportStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=(1, (2,)),  # type: ignore[arg-type]
            kwargs={"a": (3,)},
            backend="default",
            errors=[],
            worker_ids=[],
        )
        self.assertIs(type(built), BackportTaskResult)
        for field in dataclasses.fields(BackportTaskResult):
            with self.subTest(field=field.name):
                self.assertEqual(getattr(built, field.name), getattr(expected, field.name))
        self.assertEqual(built.args, [1, [2]])
        self.assertEqual(built.kwargs, {"a": [3]})

    @override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
    def test_arguments_are_normalised_with_the_same_errors(self) -> None:
        with self.assertRaisesMessage(TypeError, "Unsupported type: <class 'object'>"):
            new_task_result(_as_backport_task(example_tasks.echo), (object(),), {}, "default")


class ResultIndexTests(SimpleTestCase):
    @override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
    def test_finds_every_result_through_growth(self) -> None:
        task = _as_backport_task(example_tasks.noop)
        results = [new_task_result(task, (), {}, "default") for _ in range(1_000)]
        index = ResultIndex([])
        for position, result in enumerate(results):
            index.add(results, position, result.id)
        for result in results:
            self.assertIs(index.find(results, result.id), result)
        self.assertIsNone(index.find(results, "missing"))
        self.assertIs(ResultIndex(results).find(results, results[500].id), results[500])


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


def _sync_function() -> None:
    return None


async def _async_function() -> None:
    return None


async def _async_generator() -> Any:
    yield None


def _marked_function() -> Any:
    return None


markcoroutinefunction(_marked_function)


def _function_with_attributes() -> None:
    return None


_function_with_attributes.label = "x"  # type: ignore[attr-defined]


class _AsyncCallable:
    async def __call__(self) -> None:
        return None

    async def method(self) -> None:
        return None


class IsCoroutineFunctionTests(SimpleTestCase):
    def test_same_answer_as_inspect(self) -> None:
        callables: dict[str, object] = {
            "sync function": _sync_function,
            "async function": _async_function,
            "async generator function": _async_generator,
            "marked with asgiref's markcoroutinefunction": _marked_function,
            "function with attributes": _function_with_attributes,
            "lambda": lambda: None,
            "partial of an async function": functools.partial(_async_function),
            "bound async method": _AsyncCallable().method,
            "object with async __call__": _AsyncCallable(),
            "builtin": len,
            "not callable": 3,
        }
        answers: set[bool] = set()
        for label, func in callables.items():
            with self.subTest(label):
                answer = is_coroutine_function(func)
                self.assertIs(answer, inspect.iscoroutinefunction(func))
                answers.add(answer)
        self.assertEqual(answers, {True, False})

    def test_a_function_marked_after_the_first_answer(self) -> None:
        def later_marked() -> None:
            return None

        self.assertFalse(is_coroutine_function(later_marked))
        markcoroutinefunction(later_marked)
        self.assertIs(
            is_coroutine_function(later_marked), inspect.iscoroutinefunction(later_marked)
        )


_RECEIVERS = ("log_task_enqueued", "log_task_started", "log_task_finished")
# What a record says about where it was made, besides its line.
_RECORD_ORIGIN = ("name", "levelno", "pathname", "filename", "module", "funcName", "msg", "args")


class TaskRecordTests(SimpleTestCase):
    """The backport's log receivers make the records ``logger.<method>()``
    makes there, without logging's walk up the stack to find the caller."""

    def setUp(self) -> None:
        self.task = _as_backport_task(example_tasks.add)
        self.result = new_task_result(self.task, (1, 2), {}, "default")

    def records(self, *, failed: bool = False) -> list[logging.LogRecord]:
        """The records the three receivers make for ``self.result``."""
        with self.assertLogs("django.tasks", "DEBUG") as captured:
            for name in _RECEIVERS:
                receiver = getattr(backport_signals, name)
                if failed and name == "log_task_finished":
                    set_status(self.result, BackportStatus.FAILED)
                    try:
                        raise ValueError("failed")
                    except ValueError:
                        receiver(sender=object, task_result=self.result)
                else:
                    receiver(sender=object, task_result=self.result)
        return captured.records

    def assert_made_in_the_receivers(self, records: list[logging.LogRecord]) -> None:
        self.assertEqual(len(records), 3)
        for record, name in zip(records, _RECEIVERS, strict=True):
            receiver = getattr(backport_signals, name)
            source, first_line = inspect.getsourcelines(receiver)
            with self.subTest(name):
                self.assertEqual(record.funcName, name)
                self.assertEqual(record.pathname, backport_signals.__file__)
                self.assertIn(record.lineno, range(first_line, first_line + len(source)))

    def records_and_caller_lookups(self) -> tuple[list[logging.LogRecord], int]:
        """``records()``, and how many times logging looked up a caller."""
        lookups = 0

        def profile(frame: Any, event: str, arg: Any) -> None:
            nonlocal lookups
            if event == "call" and frame.f_code.co_name == "findCaller":
                lookups += 1

        previous = sys.getprofile()
        sys.setprofile(profile)
        try:
            records = self.records()
        finally:
            sys.setprofile(previous)
        return records, lookups

    def test_same_records_as_loggings_caller_lookup(self) -> None:
        own, own_lookups = self.records_and_caller_lookups()
        logger = logging.getLogger("django.tasks")
        # logging's own findCaller, set on the logger itself: the receivers
        # make Django's logging calls, and logging looks the caller up.
        logger.findCaller = types.MethodType(logging.Logger.findCaller, logger)  # type: ignore[method-assign]
        try:
            looked_up, lookups = self.records_and_caller_lookups()
        finally:
            del logger.findCaller
        self.assertEqual((own_lookups, lookups), (0, 3))
        self.assert_made_in_the_receivers(own)
        self.assert_made_in_the_receivers(looked_up)
        for made, expected in zip(own, looked_up, strict=True):
            with self.subTest(made.funcName):
                for attribute in _RECORD_ORIGIN:
                    self.assertEqual(getattr(made, attribute), getattr(expected, attribute))
                self.assertIsNone(made.exc_info)
                self.assertIsNone(made.stack_info)

    def test_failure_record_carries_the_exception(self) -> None:
        records = self.records(failed=True)
        self.assert_made_in_the_receivers(records)
        failure = records[2]
        self.assertEqual(failure.levelno, logging.ERROR)
        assert failure.exc_info is not None
        self.assertIs(failure.exc_info[0], ValueError)
        self.assertEqual(str(failure.exc_info[1]), "failed")

    def test_caller_lookup_turned_off(self) -> None:
        # The logging HOWTO's optimisation: no caller information at all.
        with mock.patch.object(logging, "_srcfile", None):
            records = self.records()
        self.assertEqual(
            {(r.pathname, r.lineno, r.funcName) for r in records},
            {("(unknown file)", 0, "(unknown function)")},
        )

    def test_logger_class_that_makes_records_its_own_way(self) -> None:
        logger = logging.getLogger("django.tasks")
        seen: list[str] = []

        class TaggingLogger(type(logger)):  # type: ignore[misc]
            def _log(self, level: int, msg: object, *args: Any, **kwargs: Any) -> None:
                seen.append(str(msg))
                super()._log(level, msg, *args, **kwargs)

        original_class = type(logger)
        logger.__class__ = TaggingLogger
        try:
            records = self.records()
        finally:
            logger.__class__ = original_class
        self.assertEqual(seen, [record.msg for record in records])
        self.assertEqual(len(seen), 3)

    def test_logging_logger_patched_after_import(self) -> None:
        seen: list[str] = []
        original = logging.Logger._log

        def tagging_log(
            self: logging.Logger, level: int, msg: object, *args: Any, **kwargs: Any
        ) -> None:
            seen.append(str(msg))
            original(self, level, msg, *args, **kwargs)

        with mock.patch.object(logging.Logger, "_log", tagging_log):
            records = self.records()
        self.assertEqual(seen, [record.msg for record in records])
        self.assertEqual(len(seen), 3)

    def test_patched_logging_methods_get_djangos_calls(self) -> None:
        logger = logging.getLogger("django.tasks")
        result = self.result
        with (
            mock.patch.object(logger, "debug") as debug,
            mock.patch.object(logger, "info") as info,
            mock.patch.object(logger, "log") as log,
        ):
            for name in _RECEIVERS:
                getattr(backport_signals, name)(sender=object, task_result=result)
        path = "example_tasks.add"
        debug.assert_called_once_with(
            "Task id=%s path=%s enqueued backend=%s", result.id, path, "default"
        )
        info.assert_called_once_with("Task id=%s path=%s state=%s", result.id, path, "READY")
        log.assert_called_once_with(
            logging.INFO, "Task id=%s path=%s state=%s", result.id, path, "READY", exc_info=None
        )

    def test_nothing_made_below_the_level(self) -> None:
        logger = logging.getLogger("django.tasks")
        with (
            mock.patch.object(logger, "makeRecord", wraps=logger.makeRecord) as make_record,
            self.assertLogs("django.tasks", "WARNING") as captured,
        ):
            for name in _RECEIVERS:
                getattr(backport_signals, name)(sender=object, task_result=self.result)
            logger.warning("end")
        self.assertEqual([r.getMessage() for r in captured.records], ["end"])
        self.assertEqual(make_record.call_count, 1)
