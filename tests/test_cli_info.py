import json
import tempfile
import unittest
from pathlib import Path
from typing import Any

import django
from cli_settings.runner import TESTS_DIR, run_cli
from django.test import SimpleTestCase

import django_tasks

FLAGS = ("supports_defer", "supports_async_task", "supports_get_result", "supports_priority")


def info_json(*args: str, settings: str | None = None) -> tuple[int, dict[str, Any]]:
    result = run_cli("info", "--json", *args, settings=settings)
    return result.returncode, json.loads(result.stdout)


class InfoWithoutSettingsTests(SimpleTestCase):
    def test_reports_the_default_backend(self) -> None:
        result = run_cli("info")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn(f"Django {django.get_version()}", result.stdout)
        self.assertIn(f"django-tasks {django_tasks.__version__}", result.stdout)
        self.assertIn("no settings module (Django's defaults)", result.stdout)
        self.assertIn("TASKS not set: the default, one ImmediateBackend", result.stdout)
        self.assertIn("BACKEND  django.tasks.backends.immediate.ImmediateBackend", result.stdout)
        self.assertIn("Tasks system check: no issues.", result.stdout)
        self.assertEqual(result.stderr, "")

    def test_json(self) -> None:
        returncode, report = info_json()
        self.assertEqual(returncode, 0)
        self.assertIs(report["ok"], True)
        self.assertIsNone(report["settings_module"])
        self.assertEqual(report["tasks_setting"], "default")
        self.assertEqual(report["django_version"], django.get_version())
        self.assertEqual(report["django_tasks_version"], django_tasks.__version__)
        [backend] = report["backends"]
        self.assertEqual(backend["alias"], "default")
        self.assertEqual(backend["queues"], ["default"])
        self.assertEqual(backend["options"], {})
        self.assertEqual(
            {flag: backend[flag] for flag in FLAGS},
            {
                "supports_defer": False,
                "supports_async_task": True,
                "supports_get_result": False,
                "supports_priority": True,
            },
        )
        self.assertEqual(report["checks"], [])
        self.assertEqual(report["errors"], [])

    @unittest.skipIf(django.VERSION >= (6, 0), "the backport is active below Django 6.0")
    def test_backport_is_active(self) -> None:
        _, report = info_json()
        self.assertEqual(report["implementation"], "backport")
        self.assertEqual(
            report["backends"][0]["class"], "django_tasks.backends.immediate.ImmediateBackend"
        )

    @unittest.skipIf(django.VERSION < (6, 0), "django.tasks is built in from Django 6.0")
    def test_builtin_is_active(self) -> None:
        _, report = info_json()
        self.assertEqual(report["implementation"], "builtin")
        self.assertEqual(
            report["backends"][0]["class"], "django.tasks.backends.immediate.ImmediateBackend"
        )


class InfoWithSettingsTests(SimpleTestCase):
    def test_every_backend_from_the_environment(self) -> None:
        returncode, report = info_json(settings="cli_settings.good")
        self.assertEqual(returncode, 0, report["errors"])
        self.assertEqual(report["settings_module"], "cli_settings.good")
        self.assertEqual(report["tasks_setting"], "settings")
        default, dummy = report["backends"]
        self.assertEqual(default["backend"], "django.tasks.backends.immediate.ImmediateBackend")
        self.assertEqual(dummy["alias"], "dummy")
        self.assertEqual(dummy["backend"], "django_tasks.backends.dummy.DummyBackend")
        self.assertTrue(dummy["class"].endswith(".backends.dummy.DummyBackend"))
        self.assertEqual(dummy["queues"], ["default", "emails"])
        self.assertEqual(dummy["options"], {"note": "for tests"})
        self.assertIs(dummy["supports_defer"], True)
        self.assertIs(dummy["supports_get_result"], False)

    def test_settings_option(self) -> None:
        result = run_cli("info", "--settings", "cli_settings.good")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("settings module cli_settings.good; TASKS from the settings", result.stdout)
        self.assertIn(
            "  dummy\n    BACKEND  django_tasks.backends.dummy.DummyBackend", result.stdout
        )
        self.assertIn("queues   default, emails", result.stdout)
        self.assertIn("supports_defer=True", result.stdout)
        self.assertIn("OPTIONS  {'note': 'for tests'}", result.stdout)

    def test_settings_option_wins_over_the_environment(self) -> None:
        returncode, report = info_json(
            "--settings", "cli_settings.good", settings="cli_settings.not_a_dict"
        )
        self.assertEqual(returncode, 0)
        self.assertEqual(report["settings_module"], "cli_settings.good")

    def test_warnings_do_not_fail(self) -> None:
        result = run_cli("info", settings="cli_settings.check_warning")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("WARNING cli_settings.W001 This backend is only a test.", result.stdout)


class InfoMisconfigurationTests(SimpleTestCase):
    def assertFails(self, settings: str, message: str) -> dict[str, Any]:
        result = run_cli("info", settings=settings)
        self.assertEqual(result.returncode, 1, result.stdout)
        self.assertIn(f"Error: {message}", result.stderr)
        returncode, report = info_json(settings=settings)
        self.assertEqual(returncode, 1)
        self.assertIs(report["ok"], False)
        self.assertIn(message, "\n".join(report["errors"]))
        return report

    def test_unknown_backend_path(self) -> None:
        report = self.assertFails(
            "cli_settings.unknown_backend",
            "TASKS['default']: InvalidTaskBackend: Could not find backend "
            "'myproject.nowhere.Backend': No module named 'myproject'",
        )
        self.assertEqual(report["backends"][0]["backend"], "myproject.nowhere.Backend")

    def test_missing_default(self) -> None:
        report = self.assertFails("cli_settings.missing_default", "TASKS has no 'default' backend")
        # The backends that are there are still described.
        self.assertEqual([b["alias"] for b in report["backends"]], ["background"])

    def test_tasks_not_a_dict(self) -> None:
        self.assertFails(
            "cli_settings.not_a_dict",
            "TASKS must be a dict mapping backend aliases to their settings, not list",
        )

    def test_backend_without_backend_key(self) -> None:
        self.assertFails(
            "cli_settings.no_backend_key",
            "TASKS['default'] must be a dict with a 'BACKEND' class path",
        )

    def test_check_error(self) -> None:
        report = self.assertFails(
            "cli_settings.check_error",
            "System check cli_settings.E001 failed: The picky backend needs OPTIONS['url'].",
        )
        self.assertEqual(
            report["checks"],
            [
                {
                    "level": "ERROR",
                    "id": "cli_settings.E001",
                    "msg": "The picky backend needs OPTIONS['url'].",
                    "hint": "Set it.",
                    "obj": None,
                }
            ],
        )

    def test_settings_module_that_cannot_be_imported(self) -> None:
        # The module exists but fails to import: the error names the module,
        # the current directory and what went wrong inside it.
        self.assertFails(
            "cli_settings.broken_import",
            "Cannot import the settings module 'cli_settings.broken_import' "
            f"(current directory: {TESTS_DIR}): "
            "ModuleNotFoundError: No module named 'this_module_does_not_exist'",
        )

    def test_settings_module_that_does_not_exist(self) -> None:
        self.assertFails(
            "cli_settings.nope",
            "Cannot import the settings module 'cli_settings.nope': no module "
            f"'cli_settings.nope' on sys.path (current directory: {TESTS_DIR}).",
        )

    def test_settings_option_names_the_module_and_the_current_directory(self) -> None:
        # What a user sees who runs the command outside the project directory.
        with tempfile.TemporaryDirectory() as elsewhere:
            cwd = Path(elsewhere).resolve()
            result = run_cli("info", "--settings", "myproject.settings", cwd=cwd)
        self.assertEqual(result.returncode, 1, result.stdout)
        self.assertIn(
            "Error: Cannot import the settings module 'myproject.settings': no module "
            f"'myproject' on sys.path (current directory: {cwd}). Run the command from the "
            "directory that holds your project (the one with manage.py), or pass --pythonpath.",
            result.stderr,
        )


class InfoOlderSetupTests(SimpleTestCase):
    """Settings written for the older django-tasks backport (<= 0.11)."""

    def assertBackendError(self, settings: str, alias: str, message: str) -> None:
        result = run_cli("info", settings=settings)
        self.assertEqual(result.returncode, 1, result.stdout)
        self.assertIn(f"Error: TASKS[{alias!r}]: InvalidTaskBackend: {message}\n", result.stderr)
        self.assertIn(f"    error    {message}\n", result.stdout)
        _, report = info_json(settings=settings)
        [entry] = [b for b in report["backends"] if b["alias"] == alias]
        self.assertEqual(entry["error"], message)

    def test_removed_database_backend_names_django_tasks_db(self) -> None:
        self.assertBackendError(
            "cli_settings.removed_database_backend",
            "default",
            "'django_tasks.backends.database.DatabaseBackend' was a backend of the older "
            "django-tasks backport, removed in 0.12: it is now django-tasks-db's "
            "'django_tasks_db.DatabaseBackend' (Django >= 5.2). Install it (pip install "
            "django-tasks-db), set BACKEND to 'django_tasks_db.DatabaseBackend' and list "
            "'django_tasks_db' in INSTALLED_APPS in place of 'django_tasks.backends.database'.",
        )

    def test_removed_rq_backend_names_django_tasks_rq(self) -> None:
        self.assertBackendError(
            "cli_settings.removed_rq_backend",
            "default",
            "'django_tasks.backends.rq.RQBackend' was a backend of the older django-tasks "
            "backport, removed in 0.12: it is now django-tasks-rq's 'django_tasks_rq.RQBackend' "
            "(Django >= 4.2; its worker: manage.py rqworker --job-class django_tasks_rq.Job). "
            "Install it (pip install django-tasks-rq), set BACKEND to "
            "'django_tasks_rq.RQBackend' and list 'django_tasks_rq' in INSTALLED_APPS.",
        )

    def test_removed_database_app_names_django_tasks_db(self) -> None:
        result = run_cli("info", settings="cli_settings.removed_database_app")
        self.assertEqual(result.returncode, 1, result.stdout)
        self.assertIn(
            "Error: Django could not be set up with settings module "
            "'cli_settings.removed_database_app': ModuleNotFoundError: No module named "
            "'django_tasks.backends.database'. 'django_tasks.backends.database' in "
            "INSTALLED_APPS was an application of the older django-tasks backport, removed "
            "in 0.12: list 'django_tasks_db' from django-tasks-db (Django >= 5.2) instead.",
            result.stderr,
        )

    def test_wrong_builtin_path_names_what_the_user_wrote(self) -> None:
        # On Django 6 these are Django's own messages; below 6.0 the path maps
        # to a django_tasks module, which must not show.
        result = run_cli("info", settings="cli_settings.wrong_builtin_path")
        self.assertEqual(result.returncode, 1, result.stdout)
        self.assertNotIn("django_tasks.backends", result.stderr)
        self.assertIn(
            "Error: TASKS['no_module']: InvalidTaskBackend: Could not find backend "
            "'django.tasks.backends.database.DatabaseBackend': "
            "No module named 'django.tasks.backends.database'",
            result.stderr,
        )
        self.assertIn(
            "Error: TASKS['no_class']: InvalidTaskBackend: Could not find backend "
            "'django.tasks.backends.immediate.ImmediatBackend': "
            'Module "django.tasks.backends.immediate" does not define a "ImmediatBackend" '
            "attribute/class",
            result.stderr,
        )
        # The backend that is there is still described.
        self.assertIn("  default\n    BACKEND  django.tasks.backends.immediate.", result.stdout)
