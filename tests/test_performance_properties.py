"""What the fast paths (benchmarks/) must keep: the same results as the slow
ways they replace. Nothing here is timed.

The DummyBackend tests go through the public backend, so on Django 6 they
check that the built-in behaves the same way.
"""

from __future__ import annotations

import dataclasses
import string
import sys
from collections import Counter, OrderedDict
from collections.abc import Mapping, Sequence
from typing import Any, cast
from unittest import mock

import example_tasks
from django.test import SimpleTestCase, override_settings

from django_tasks import default_task_backend
from django_tasks._backport import _utils
from django_tasks._backport._utils import copy_json, get_random_id, normalize_json
from django_tasks._backport.backends._results import ResultIndex, new_task_result
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
        with mock.patch.object(_utils, "_urandom", return_value=every_accepted_byte):
            value = get_random_id(248)
        self.assertEqual(Counter(value), dict.fromkeys(ALPHABET, 4))

    def test_bytes_248_to_255_are_rejected_and_replaced(self) -> None:
        rejected = bytes(range(248, 256)) * 10
        draws = [rejected, b"\x00" * 5, b"\x01" * 64]
        with mock.patch.object(_utils, "_urandom", side_effect=draws) as urandom:
            value = get_random_id(8)
        # Only the rejected bytes came first: more draws until 8 were accepted.
        self.assertEqual(value, ALPHABET[0] * 5 + ALPHABET[1] * 3)
        self.assertEqual(urandom.call_count, 3)

    def test_reads_the_os_secure_source(self) -> None:
        import os

        self.assertIs(_utils._urandom, os.urandom)


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
