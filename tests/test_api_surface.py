"""The public surface, measured against snapshots of Django's own ``django.tasks``.

Below Django 6.0 the backport must have Django 6.1's surface; on Django 6.0/6.1
every name must be the built-in object. Each known difference is listed, with
its reason, in ``compat/surface_differences.json``; the snapshots and the tool
that takes them live in ``compat/`` (see ``compat/README.md``).
"""

import importlib
import importlib.util
import json
import sys
import unittest
from pathlib import Path
from types import ModuleType
from typing import Any

import django
from django.test import SimpleTestCase
from packaging.specifiers import SpecifierSet

COMPAT_DIR = Path(__file__).resolve().parent.parent / "compat"
DIFFERENCES_FILE = COMPAT_DIR / "surface_differences.json"
WHEN = {"backport", "always"}


def _load_snapshot_tool() -> ModuleType:
    # compat/ is the conformance kit, not part of the package: load it by path.
    spec = importlib.util.spec_from_file_location("compat_snapshot", COMPAT_DIR / "snapshot.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


snapshot_tool = _load_snapshot_tool()


def listed_differences(section: str, when: set[str]) -> dict[str, dict[str, Any]]:
    """The listed differences that apply to this Django and Python."""
    python = ".".join(map(str, sys.version_info[:3]))
    listed = json.loads(DIFFERENCES_FILE.read_text(encoding="utf-8"))[section]
    return {
        entry["path"]: {"django": entry["django"], "backport": entry["backport"]}
        for entry in listed
        if entry.get("when", "always") in when and python in SpecifierSet(entry.get("python", ""))
    }


def explain(actual: dict[str, Any], expected: dict[str, Any]) -> str:
    unlisted = {path: actual[path] for path in actual if actual[path] != expected.get(path)}
    stale = sorted(path for path in expected if actual.get(path) != expected[path])
    return (
        "\nDifferences not listed in compat/surface_differences.json (add them, with a "
        f"reason, or fix the package):\n{json.dumps(unlisted, indent=2, sort_keys=True)}"
        f"\nListed differences that no longer match (remove or update them): {stale}"
    )


class SnapshotFilesTests(SimpleTestCase):
    def test_snapshots_are_sorted_json(self) -> None:
        paths = sorted(snapshot_tool.SNAPSHOT_DIR.glob("django-*.json"))
        self.assertEqual([p.name for p in paths], ["django-6.0.json", "django-6.1.json"])
        for path in paths:
            with self.subTest(path.name):
                text = path.read_text(encoding="utf-8")
                self.assertEqual(text, snapshot_tool.dumps(json.loads(text)))
                self.assertEqual(json.loads(text)["package"], "django.tasks")

    def test_every_listed_difference_has_a_reason(self) -> None:
        data = json.loads(DIFFERENCES_FILE.read_text(encoding="utf-8"))
        for section in ("differences", "changes_to_django"):
            paths = [entry["path"] for entry in data[section]]
            self.assertEqual(len(paths), len(set(paths)), section)
            for entry in data[section]:
                with self.subTest(entry["path"]):
                    self.assertGreater(len(entry["reason"]), 20)
                    self.assertIn(entry.get("when", "always"), WHEN)
                    self.assertLessEqual(
                        set(entry), {"path", "django", "backport", "reason", "when", "python"}
                    )


@unittest.skipIf(django.VERSION >= (6, 0), "The backport is used below Django 6.0 only.")
class BackportSurfaceTests(SimpleTestCase):
    def test_surface_is_django_61s(self) -> None:
        expected = snapshot_tool.load(snapshot_tool.snapshot_path((6, 1)))
        actual = snapshot_tool.diff(expected, snapshot_tool.snapshot("django_tasks"))
        listed = listed_differences("differences", {"backport", "always"})
        self.assertEqual(actual, listed, explain(actual, listed))

    def test_django_tasks_is_not_importable(self) -> None:
        # The package never installs anything into Django's namespace.
        with self.assertRaises(ImportError):
            importlib.import_module("django.tasks")
        self.assertNotIn("django.tasks", sys.modules)


@unittest.skipIf(django.VERSION < (6, 0), "django.tasks is built in from Django 6.0.")
class BuiltinSurfaceTests(SimpleTestCase):
    snapshot: dict[str, Any]

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.snapshot = snapshot_tool.load(snapshot_tool.snapshot_path(django.VERSION))

    def test_every_name_is_the_builtin_object(self) -> None:
        # typing_extensions' test: every name the original has is the very
        # same object here, not a copy; the exceptions are listed, with reasons.
        absent = {
            path
            for path, values in listed_differences("differences", {"always"}).items()
            if values["backport"] == "<missing>"
        }
        for module_name, module in self.snapshot["modules"].items():
            builtin = importlib.import_module(module_name)
            ours = importlib.import_module("django_tasks" + module_name[len("django.tasks") :])
            for name in module["names"]:
                if f"{module_name}/{name}" in absent:
                    self.assertFalse(hasattr(ours, name), f"{module_name}.{name} is listed")
                    continue
                with self.subTest(f"{module_name}.{name}"):
                    self.assertIs(getattr(ours, name), getattr(builtin, name))
            for name in module["imports"]:
                # Names Django's module only imports for its own use need not
                # be re-exported; when they are, they are the same object.
                if hasattr(ours, name):
                    with self.subTest(f"{module_name}.{name}"):
                        self.assertIs(getattr(ours, name), getattr(builtin, name))

    def test_differences_from_the_builtin_are_listed(self) -> None:
        actual = snapshot_tool.diff(self.snapshot, snapshot_tool.snapshot("django_tasks"))
        listed = listed_differences("differences", {"always"})
        self.assertEqual(actual, listed, explain(actual, listed))

    def test_the_builtin_is_what_django_released(self) -> None:
        # Run with django_tasks imported: the package changes nothing in
        # django.tasks beyond what is listed (and a new Django patch release
        # that changes the surface is noticed here: regenerate the snapshot).
        actual = snapshot_tool.diff(self.snapshot, snapshot_tool.snapshot("django.tasks"))
        listed = listed_differences("changes_to_django", {"always"})
        self.assertEqual(actual, listed, explain(actual, listed))
