"""django_tasks.utils: the older backport's helpers, kept for code written against it."""

from __future__ import annotations

import functools
import importlib
import string
import unittest
from collections import Counter, OrderedDict
from collections.abc import Mapping, Sequence
from typing import Any
from unittest import mock

import django
import example_tasks
from django.test import SimpleTestCase

from django_tasks import utils

ALPHABET = string.ascii_letters + string.digits


def module_level(x: int) -> int:
    return x


class Outer:
    class Inner:
        pass

    def method(self) -> None:
        pass


class UtilsModuleTests(SimpleTestCase):
    def test_all_is_sorted_and_importable(self) -> None:
        self.assertEqual(utils.__all__, sorted(utils.__all__))
        for name in utils.__all__:
            with self.subTest(name):
                self.assertTrue(callable(getattr(utils, name)))

    @unittest.skipIf(django.VERSION < (6, 0), "django.utils has these from Django 6.0")
    def test_djangos_functions_on_django_6(self) -> None:
        inspect = importlib.import_module("django.utils.inspect")
        json = importlib.import_module("django.utils.json")

        self.assertIs(utils.normalize_json, json.normalize_json)
        self.assertIs(utils.is_module_level_function, inspect.is_module_level_function)


class NormalizeJsonTests(SimpleTestCase):
    def test_normalizes_containers_and_bytes(self) -> None:
        value = {
            "tuple": (1, 2.5, None),
            "bytes": b"caf\xc3\xa9",
            "mapping": OrderedDict[str, bool](a=True),
            "nested": [("x", b"y")],
        }
        self.assertEqual(
            utils.normalize_json(value),
            {
                "tuple": [1, 2.5, None],
                "bytes": "café",
                "mapping": {"a": True},
                "nested": [["x", "y"]],
            },
        )

    def test_rejects_unsupported_type(self) -> None:
        with self.assertRaisesMessage(TypeError, "Unsupported type: <class 'object'>"):
            utils.normalize_json({"key": object()})

    def test_rejects_undecodable_bytes(self) -> None:
        with self.assertRaisesMessage(ValueError, "Unsupported value: <class 'bytes'>"):
            utils.normalize_json([b"\xff"])


class IsModuleLevelFunctionTests(SimpleTestCase):
    def test_module_level_function(self) -> None:
        self.assertIs(utils.is_module_level_function(module_level), True)
        self.assertIs(utils.is_module_level_function(example_tasks.add.func), True)

    def test_rejects_others(self) -> None:
        def nested() -> None:
            pass

        for value in [nested, len, functools.partial(module_level, 1), Outer, Outer().method]:
            with self.subTest(value):
                self.assertIs(utils.is_module_level_function(value), False)


class GetModulePathTests(SimpleTestCase):
    def test_paths(self) -> None:
        cases: list[tuple[Any, str]] = [
            (ValueError, "builtins.ValueError"),
            (module_level, f"{__name__}.module_level"),
            (Outer.Inner, f"{__name__}.Outer.Inner"),
            (example_tasks.add.func, "example_tasks.add"),
        ]
        for value, expected in cases:
            with self.subTest(expected):
                self.assertEqual(utils.get_module_path(value), expected)

    def test_matches_task_module_path(self) -> None:
        task = example_tasks.add
        self.assertEqual(utils.get_module_path(task.func), task.module_path)


class GetExceptionTracebackTests(SimpleTestCase):
    def test_raised_exception(self) -> None:
        try:
            raise ValueError("boom")
        except ValueError as e:
            text = utils.get_exception_traceback(e)
        self.assertTrue(text.startswith("Traceback (most recent call last):\n"), text)
        self.assertIn("test_raised_exception", text)
        self.assertTrue(text.endswith("ValueError: boom\n"), text)

    def test_exception_never_raised(self) -> None:
        self.assertEqual(utils.get_exception_traceback(KeyError("k")), "KeyError: 'k'\n")

    def test_chained_exception(self) -> None:
        try:
            try:
                raise KeyError("inner")
            except KeyError as e:
                raise RuntimeError("outer") from e
        except RuntimeError as e:
            text = utils.get_exception_traceback(e)
        self.assertIn("KeyError: 'inner'", text)
        self.assertIn("direct cause", text)
        self.assertTrue(text.endswith("RuntimeError: outer\n"), text)


class GetRandomIdTests(SimpleTestCase):
    def test_shape(self) -> None:
        allowed = set(string.ascii_letters + string.digits)
        ids = {utils.get_random_id() for _ in range(200)}
        self.assertEqual(len(ids), 200)
        for value in ids:
            self.assertIsInstance(value, str)
            self.assertEqual(len(value), 32)
            self.assertLessEqual(set(value), allowed)


@unittest.skipIf(django.VERSION >= (6, 0), "Django 6's get_random_string is its own")
class BackportRandomStringTests(SimpleTestCase):
    """Divergence: the backport's get_random_string reads the OS's secure
    source once per string; each character must still be uniformly drawn."""

    def get_random_id(self, length: int = 32) -> str:
        from django_tasks._backport._utils import get_random_string

        return get_random_string(length)

    def test_length_and_alphabet(self) -> None:
        for length in (0, 1, 5, 32, 100):
            with self.subTest(length=length):
                value = self.get_random_id(length)
                self.assertIsInstance(value, str)
                self.assertEqual(len(value), length)
                self.assertLessEqual(set(value), set(ALPHABET))

    def test_default_length_is_32(self) -> None:
        self.assertEqual(len(self.get_random_id()), 32)

    def test_unique(self) -> None:
        ids = {self.get_random_id(32) for _ in range(20_000)}
        self.assertEqual(len(ids), 20_000)

    def test_every_character_equally_likely(self) -> None:
        counts = Counter("".join(self.get_random_id(32) for _ in range(4_000)))
        self.assertEqual(set(counts), set(ALPHABET))
        expected = 4_000 * 32 / len(ALPHABET)  # about 2065 each, sigma about 45
        for char, count in counts.items():
            with self.subTest(char=char):
                self.assertLess(abs(count - expected), 300)

    def test_each_accepted_byte_maps_to_one_character_four_times(self) -> None:
        # 248 = 4 * 62 accepted byte values: every character from exactly four
        # of them, so no character is favoured (no modulo bias).
        every_accepted_byte = bytes(range(248))
        with mock.patch("os.urandom", return_value=every_accepted_byte):
            value = self.get_random_id(248)
        self.assertEqual(Counter(value), dict.fromkeys(ALPHABET, 4))

    def test_bytes_248_to_255_are_rejected_and_replaced(self) -> None:
        rejected = bytes(range(248, 256)) * 10
        draws = [rejected, b"\x00" * 5, b"\x01" * 64]
        with mock.patch("os.urandom", side_effect=draws) as urandom:
            value = self.get_random_id(8)
        # Only the rejected bytes came first: more draws until 8 were accepted.
        self.assertEqual(value, ALPHABET[0] * 5 + ALPHABET[1] * 3)
        self.assertEqual(urandom.call_count, 3)


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


class NormalizeJsonAsDjangosTests(SimpleTestCase):
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
                ours = utils.normalize_json(value)
                expected = _django_normalize_json(value)
                self.assertEqual(ours, expected)
                self.assertEqual(_types(ours), _types(expected))

    def test_same_errors_as_djangos(self) -> None:
        for value in ((1, object()), {"a": {1, 2}}, b"\xff", [b"\xff"]):
            with self.subTest(value=value):
                with self.assertRaises(Exception) as expected:
                    _django_normalize_json(value)
                with self.assertRaises(type(expected.exception)) as ours:
                    utils.normalize_json(value)
                self.assertEqual(str(ours.exception), str(expected.exception))

    def test_returns_new_containers(self) -> None:
        flat_list = [1, 2]
        flat_dict = {"a": 1}
        self.assertIsNot(utils.normalize_json(flat_list), flat_list)
        self.assertIsNot(utils.normalize_json(flat_dict), flat_dict)


def _types(value: Any) -> Any:
    """``value`` with every item replaced by its exact type (to compare types deeply)."""
    # pyright reads isinstance() of Any as list[Unknown], dict[Unknown, Unknown].
    if isinstance(value, list):
        return [_types(v) for v in value]  # pyright: ignore[reportUnknownVariableType]
    if isinstance(value, dict):
        return {k: _types(v) for k, v in value.items()}  # pyright: ignore[reportUnknownVariableType]
    return type(value)  # pyright: ignore[reportUnknownVariableType]
