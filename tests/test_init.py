"""The package root: the backend registry, the default TASKS and its paths."""

import importlib
import sys
import unittest

import django
from django.test import SimpleTestCase, override_settings

import django_tasks
from django_tasks import default_task_backend, task_backends
from django_tasks.backends.dummy import DummyBackend
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.exceptions import InvalidTaskBackend

DJANGO_61_ROOT_ALL = [
    "DEFAULT_TASK_BACKEND_ALIAS",
    "DEFAULT_TASK_QUEUE_NAME",
    "default_task_backend",
    "task",
    "task_backends",
    "Task",
    "TaskContext",
    "TaskResult",
    "TaskResultStatus",
]


class DefaultTasksSettingTests(SimpleTestCase):
    def test_unset_tasks_gives_one_immediate_backend(self) -> None:
        # tests/django_settings.py does not set TASKS.
        self.assertEqual(list(task_backends), ["default"])
        self.assertIsInstance(task_backends["default"], ImmediateBackend)
        self.assertEqual(task_backends["default"].alias, "default")
        self.assertEqual(task_backends["default"].queues, {"default"})
        self.assertEqual(task_backends["default"].options, {})

    def test_default_task_backend_proxies_the_default_alias(self) -> None:
        self.assertEqual(default_task_backend, task_backends["default"])
        self.assertEqual(default_task_backend.alias, "default")


class TasksSettingTests(SimpleTestCase):
    @override_settings(
        TASKS={
            "default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"},
            "other": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        }
    )
    def test_builtin_and_package_backend_paths_give_the_same_classes(self) -> None:
        # A TASKS setting written for Django 6 works unchanged on 4.2-5.2.
        self.assertIs(type(task_backends["default"]), DummyBackend)
        self.assertIs(type(task_backends["other"]), ImmediateBackend)

    @override_settings(
        TASKS={
            "default": {
                "BACKEND": "django_tasks.backends.dummy.DummyBackend",
                "QUEUES": ["default", "emails"],
                "OPTIONS": {"some": "option"},
            }
        }
    )
    def test_queues_and_options(self) -> None:
        self.assertEqual(default_task_backend.queues, {"default", "emails"})
        self.assertEqual(default_task_backend.options, {"some": "option"})

    @override_settings(TASKS={"default": {"BACKEND": "does.not.exist"}})
    def test_unimportable_backend_path(self) -> None:
        with self.assertRaisesMessage(
            InvalidTaskBackend, "Could not find backend 'does.not.exist': No module named 'does'"
        ):
            task_backends["default"]

    def test_unknown_alias(self) -> None:
        with self.assertRaisesMessage(
            InvalidTaskBackend, "The connection 'nope' doesn't exist."
        ) as caught:
            task_backends["nope"]
        # As in Django, the failed lookup stays visible as the context.
        self.assertIsInstance(caught.exception.__context__, AttributeError)
        self.assertFalse(caught.exception.__suppress_context__)

    @override_settings(TASKS={})
    def test_no_default_backend(self) -> None:
        with self.assertRaisesMessage(
            InvalidTaskBackend, "The connection 'default' doesn't exist."
        ):
            default_task_backend.alias  # noqa: B018

    def test_override_settings_resets_the_registry(self) -> None:
        before = task_backends["default"]
        with override_settings(
            TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
        ):
            self.assertIsInstance(task_backends["default"], DummyBackend)
        after = task_backends["default"]
        self.assertIsInstance(after, ImmediateBackend)
        self.assertIsNot(after, before)

    def test_invalid_task_backend_is_improperly_configured(self) -> None:
        from django.core.exceptions import ImproperlyConfigured

        # At runtime too, not only in the stubs.
        self.assertTrue(issubclass(InvalidTaskBackend, ImproperlyConfigured))  # pyright: ignore[reportUnnecessaryIsInstance]


class PublicNamesTests(SimpleTestCase):
    def test_all_is_django_61s(self) -> None:
        self.assertEqual(django_tasks.__all__, DJANGO_61_ROOT_ALL)

    def test_all_names_exist(self) -> None:
        for name in django_tasks.__all__:
            with self.subTest(name=name):
                self.assertTrue(hasattr(django_tasks, name))

    @unittest.skipIf(django.VERSION < (6, 0), "django.tasks is built in from Django 6.0")
    def test_root_names_are_the_builtin_objects(self) -> None:
        builtin = importlib.import_module("django.tasks")

        for name in [*builtin.__all__, "InvalidTaskBackend", "TaskBackendHandler"]:
            with self.subTest(name=name):
                self.assertIs(getattr(django_tasks, name), getattr(builtin, name))

    def test_version(self) -> None:
        from importlib.metadata import version

        self.assertEqual(django_tasks.__version__, version("django-tasks"))


def _run_fresh(code: str) -> str:
    """Run ``code`` in a fresh interpreter after ``django.setup()``: what
    importing the package loads depends on what is already imported."""
    import subprocess

    setup = (
        "import django\n"
        "from django.conf import settings\n"
        "settings.configure(INSTALLED_APPS=[])\n"
        "django.setup()\n"
    )
    completed = subprocess.run(
        [sys.executable, "-W", "error", "-c", setup + code],
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise AssertionError(completed.stderr)
    return completed.stdout.strip()


class ImportTests(SimpleTestCase):
    def test_submodules_are_attributes_of_the_package(self) -> None:
        # As django.tasks has them after `import django.tasks`.
        out = _run_fresh(
            "import django_tasks\n"
            "print(django_tasks.checks.__name__, django_tasks.exceptions.__name__,"
            " django_tasks.signals.__name__)\n"
        )
        self.assertEqual(out, "django_tasks.checks django_tasks.exceptions django_tasks.signals")

    def test_base_is_an_attribute_of_the_package(self) -> None:
        # `import django.tasks` imports django.tasks.base too.
        out = _run_fresh(
            "import django_tasks\n"
            "print(django_tasks.base.__name__, django_tasks.base.Task is django_tasks.Task)\n"
        )
        self.assertEqual(out, "django_tasks.base True")

    def test_dir_lists_the_public_names_and_submodules(self) -> None:
        out = _run_fresh("import django_tasks\nprint(*dir(django_tasks))\n")
        listed = out.split()
        self.assertEqual(listed, sorted(listed))
        for name in [*DJANGO_61_ROOT_ALL, "base", "checks", "exceptions", "signals"]:
            with self.subTest(name=name):
                self.assertIn(name, listed)

    def test_task_context_is_one_class_by_every_path(self) -> None:
        # Each path gives the one class, whichever is taken first.
        paths = [
            "django_tasks.TaskContext",
            "django_tasks.base.TaskContext",
            "django_tasks._backport.base.TaskContext",
        ]
        module = "django_tasks.base"
        if django.VERSION >= (6, 0):
            paths = [*paths[:2], "django.tasks.TaskContext"]
            module = "django.tasks.base"
        for first in paths:
            with self.subTest(first=first):
                out = _run_fresh(
                    "import importlib, pickle\n"
                    "import django_tasks\n"
                    "def find(path):\n"
                    "    module, _, name = path.rpartition('.')\n"
                    "    return getattr(importlib.import_module(module), name)\n"
                    f"paths = {[first, *paths]!r}\n"
                    "classes = {id(find(path)) for path in paths}\n"
                    "context = find(paths[0])\n"
                    "print(len(classes), context.__module__, context.__qualname__,"
                    " pickle.loads(pickle.dumps(context)) is context)\n"
                )
                self.assertEqual(out, f"1 {module} TaskContext True")

    def test_unknown_attribute_raises_attribute_error(self) -> None:
        with self.assertRaisesMessage(
            AttributeError, "module 'django_tasks' has no attribute 'no_such_name'"
        ):
            getattr(django_tasks, "no_such_name")  # noqa: B009

    @unittest.skipIf(django.VERSION >= (6, 0), "the backport's import, used below 6.0")
    def test_import_registers_check_and_receivers_without_loading_backends(self) -> None:
        out = _run_fresh(
            "import sys\n"
            "import django_tasks\n"
            "from django.core.checks.registry import registry\n"
            "from django_tasks._backport import checks, signals\n"
            "print(checks.check_tasks in registry.get_checks())\n"
            "print(all(s.receivers for s in"
            " (signals.task_enqueued, signals.task_started, signals.task_finished)))\n"
            "print(sorted(m for m in sys.modules if 'backends' in m and 'django_tasks' in m))\n"
        )
        self.assertEqual(out.splitlines(), ["True", "True", "[]"])

    @unittest.skipIf(django.VERSION >= (6, 0), "the backport's import, used below 6.0")
    def test_import_loads_what_import_django_tasks_loads(self) -> None:
        # As `import django.tasks` on Django 6: the package, base, checks,
        # exceptions and signals, no backend; and the helpers Django keeps
        # outside django.tasks.
        out = _run_fresh(
            "import sys\n"
            "before = set(sys.modules)\n"
            "import django_tasks\n"
            "print(*sorted(set(sys.modules) - before))\n"
        )
        loaded = [name for name in out.split() if name.startswith("django_tasks._backport")]
        self.assertEqual(
            loaded,
            [
                "django_tasks._backport",
                "django_tasks._backport._utils",
                "django_tasks._backport.base",
                "django_tasks._backport.checks",
                "django_tasks._backport.exceptions",
                "django_tasks._backport.signals",
            ],
        )
