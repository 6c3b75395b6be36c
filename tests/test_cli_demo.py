import subprocess
import sys
import unittest

import django
from cli_settings.runner import TESTS_DIR, run_cli, run_python
from django.test import SimpleTestCase

import django_tasks


class DemoTests(SimpleTestCase):
    result: subprocess.CompletedProcess[str]

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.result = run_cli("demo")

    def test_exits_zero_and_says_so(self) -> None:
        self.assertEqual(self.result.returncode, 0, self.result.stderr)
        self.assertIn("All demo tasks behaved as expected.", self.result.stdout)

    def test_prints_nothing_on_stderr(self) -> None:
        # No warnings, and the failing task's ERROR log stays in Django's
        # default logging (mail_admins, nothing on the console).
        self.assertEqual(self.result.stderr, "")

    def test_reports_versions(self) -> None:
        self.assertIn(f"Django {django.get_version()}", self.result.stdout)
        self.assertIn(f"django-tasks {django_tasks.__version__}", self.result.stdout)

    @unittest.skipIf(django.VERSION >= (6, 0), "the backport is active below Django 6.0")
    def test_reports_the_backport(self) -> None:
        self.assertIn("Implementation: backport", self.result.stdout)
        self.assertIn("django_tasks.backends.immediate.ImmediateBackend", self.result.stdout)

    @unittest.skipIf(django.VERSION < (6, 0), "django.tasks is built in from Django 6.0")
    def test_reports_the_builtin(self) -> None:
        self.assertIn("Implementation: built-in", self.result.stdout)
        self.assertIn("django.tasks.backends.immediate.ImmediateBackend", self.result.stdout)

    def test_runs_the_sync_task(self) -> None:
        self.assertIn("1. A sync task: add.enqueue(2, 3)", self.result.stdout)
        self.assertIn("status SUCCESSFUL · attempts 1 · return value 5\n", self.result.stdout)
        self.assertIn("task django_tasks._cli.demo_tasks.add", self.result.stdout)

    def test_runs_the_async_task(self) -> None:
        self.assertIn("return value 'Hello, world!'", self.result.stdout)

    def test_runs_the_context_task(self) -> None:
        section = self.result.stdout.split("3. ")[1].split("4. ")[0]
        self.assertIn("'attempt': 1", section)
        # The context's task result is the result the caller got back.
        result_id = section.split("'task_result_id': '")[1].split("'")[0]
        self.assertIn(f"id {result_id} ·", section)

    def test_reports_the_failure(self) -> None:
        section = self.result.stdout.split("4. ")[1].split("5. ")[0]
        self.assertIn("status FAILED · attempts 1", section)
        self.assertIn("error builtins.ZeroDivisionError", section)
        self.assertIn("last traceback line: ZeroDivisionError: division by zero", section)

    def test_runs_from_async_code(self) -> None:
        section = self.result.stdout.split("5. ")[1].split("6. ")[0]
        self.assertIn("return value 42", section)

    def test_shows_the_dummy_backend(self) -> None:
        section = self.result.stdout.split("6. ")[1]
        self.assertIn("enqueue(1, 2) → status READY", section)
        self.assertIn("get_result(id) → status READY, same id True", section)
        self.assertIn("the backend holds 1 result", section)


class DemoWithoutProjectTests(SimpleTestCase):
    def test_ignores_a_broken_settings_module(self) -> None:
        # The demo configures its own settings: a project's broken TASKS
        # cannot get in its way.
        result = run_cli("demo", settings="cli_settings.unknown_backend")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("All demo tasks behaved as expected.", result.stdout)


class EntryPointTests(SimpleTestCase):
    def test_version(self) -> None:
        result = run_cli("--version")
        self.assertEqual(result.returncode, 0)
        self.assertEqual(result.stdout.strip(), f"django-tasks {django_tasks.__version__}")

    def test_command_is_required(self) -> None:
        result = run_cli()
        self.assertEqual(result.returncode, 2)
        self.assertIn("usage: python -m django_tasks", result.stderr)

    def test_unknown_command(self) -> None:
        result = run_cli("frobnicate")
        self.assertEqual(result.returncode, 2)
        self.assertIn("invalid choice: 'frobnicate'", result.stderr)

    def test_import_does_not_load_the_cli(self) -> None:
        code = "import sys, django_tasks; print(sorted(m for m in sys.modules if '_cli' in m))"
        result = run_python("-c", code)
        self.assertEqual(result.stdout.strip(), "[]")

    def test_runs_the_package_under_test(self) -> None:
        # The subprocesses must import the same django_tasks as the tests (the
        # installed wheel under tox), never the source tree by accident.
        result = run_python("-c", "import django_tasks; print(django_tasks.__file__)")
        self.assertEqual(result.stdout.strip(), django_tasks.__file__)

    def test_closed_pipe_is_not_a_crash(self) -> None:
        # `python -m django_tasks demo | head -1`: the reader goes away.
        with subprocess.Popen(
            [sys.executable, "-m", "django_tasks", "demo"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=TESTS_DIR,
        ) as process:
            assert process.stdout is not None and process.stderr is not None
            process.stdout.close()
            stderr = process.stderr.read()
            process.wait(timeout=120)
        self.assertEqual(stderr, b"")
        self.assertEqual(process.returncode, 1)
