"""django_tasks.utils: the older backport's helpers, kept for code written against it."""

from __future__ import annotations

import functools
import importlib
import string
import unittest
from collections import OrderedDict
from typing import Any

import django
import example_tasks
from django.test import SimpleTestCase

from django_tasks import utils


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
