"""The command never writes a broken file, never stops midway, and reports the project's
packaging and import sorter."""

import contextlib
import io
import tempfile
from pathlib import Path
from unittest import mock

from django.test import SimpleTestCase

from django_tasks._cli import main
from django_tasks._cli.rewrite import Rewrite

BEFORE = "from django.tasks import task\n"
AFTER = "from django_tasks import task\n"


class SafetyCase(SimpleTestCase):
    def setUp(self) -> None:
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        self.root = Path(directory.name)

    def write(self, relative: str, text: str = BEFORE) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def run_main(self, *args: str) -> tuple[int, str]:
        stderr = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(stderr):
            code = main(["rewrite-imports", *args])
        return code, stderr.getvalue()


class NeverBrokenTests(SafetyCase):
    def test_output_that_does_not_compile_is_refused(self) -> None:
        broken = self.write("a_broken.py")
        fine = self.write("b_fine.py")

        calls: list[str] = []

        def rewrite(source: str, to: str) -> Rewrite:
            # A rewrite bug on the first file: it lost its `from`.
            calls.append(source)
            return Rewrite(source, "django_tasks import task\n" if len(calls) == 1 else AFTER, ())

        with mock.patch("django_tasks._cli.rewrite._command.rewrite_source", rewrite):
            code, stderr = self.run_main("--to", "django_tasks", str(self.root))
        self.assertEqual(code, 1)
        self.assertIn(f"{broken}: left unchanged: the rewritten file would not compile", stderr)
        self.assertEqual(broken.read_text(), BEFORE)
        # The run went on with the next file.
        self.assertEqual(fine.read_text(), AFTER)
        self.assertIn("1 file skipped", stderr)

    def test_internal_error_costs_one_file_not_the_run(self) -> None:
        failing = self.write("a_failing.py")
        fine = self.write("b_fine.py")
        calls: list[str] = []

        def rewrite(source: str, to: str) -> Rewrite:
            calls.append(source)
            if len(calls) == 1:
                raise KeyError("boom")
            return Rewrite(source, AFTER, ())

        with mock.patch("django_tasks._cli.rewrite._command.rewrite_source", rewrite):
            code, stderr = self.run_main("--to", "django_tasks", str(self.root))
        self.assertEqual(len(calls), 2)
        self.assertEqual(code, 1)
        self.assertIn(f"{failing}: left unchanged: rewrite-imports failed on it (KeyError", stderr)
        self.assertNotIn("Traceback", stderr)
        self.assertEqual(failing.read_text(), BEFORE)
        self.assertEqual(fine.read_text(), AFTER)

    def test_real_rewrite_of_imports_after_blocks_compiles(self) -> None:
        source = "if TYPE_CHECKING:\n    import x\n    # c\nfrom django.tasks import task\n"
        path = self.write("m.py", source)
        code, stderr = self.run_main("--to", "django_tasks", str(path))
        self.assertEqual(code, 0, stderr)
        compile(path.read_text(), str(path), "exec")
        self.assertIn("from django_tasks import task", path.read_text())


class PackagingTests(SafetyCase):
    def test_to_package_reports_django_6_requirement_and_missing_dependency(self) -> None:
        self.write(
            "pyproject.toml",
            '[project]\nname = "x"\ndescription = "for django.tasks"\n'
            'dependencies = [\n    "django>=6.0",\n    "boto3",\n]\n',
        )
        self.write("x/tasks.py")
        code, stderr = self.run_main("--to", "django_tasks", str(self.root))
        self.assertEqual(code, 0, stderr)
        pyproject = self.root / "pyproject.toml"
        self.assertIn(f"{pyproject}:5: django>=6.0 still requires Django 6", stderr)
        self.assertIn(f"{pyproject}:5: add a django-tasks requirement", stderr)

    def test_to_builtin_reports_dependency_and_django_range(self) -> None:
        self.write("requirements.txt", "Django>=4.2\ndjango-tasks>=0.12\ndjango-tasks-rq\n")
        self.write("tasks.py", "from django_tasks import task\n")
        code, stderr = self.run_main("--to", "django.tasks", "--force", str(self.root))
        self.assertEqual(code, 0, stderr)
        requirements = self.root / "requirements.txt"
        self.assertIn(f"{requirements}:1: django>=4.2 allows Djangos without django.tasks", stderr)
        self.assertIn(f"{requirements}:2: drop the django-tasks requirement", stderr)
        self.assertNotIn(f"{requirements}:3:", stderr)

    def test_setup_cfg_and_setup_py(self) -> None:
        self.write("setup.cfg", "[options]\ninstall_requires =\n    django>=6.0\n")
        self.write("setup.py", 'setup(install_requires=["Django>=6.1", "django-tasks"])\n')
        self.write("tasks.py")
        code, stderr = self.run_main("--to", "django_tasks", str(self.root))
        self.assertEqual(code, 0, stderr)
        self.assertIn(f"{self.root / 'setup.cfg'}:3: django>=6.0 still requires Django 6", stderr)
        self.assertIn(f"{self.root / 'setup.cfg'}:3: add a django-tasks requirement", stderr)
        self.assertIn(f"{self.root / 'setup.py'}:1: django>=6.1 still requires Django 6", stderr)
        self.assertNotIn(f"{self.root / 'setup.py'}:1: add", stderr)

    def test_already_moved_project_is_not_reported(self) -> None:
        self.write("pyproject.toml", '[project]\ndependencies = ["django>=4.2", "django-tasks"]\n')
        self.write("tasks.py", AFTER)
        code, stderr = self.run_main("--to", "django_tasks", str(self.root))
        self.assertEqual(code, 0, stderr)
        self.assertNotIn("pyproject.toml:", stderr)


class ImportSorterHintTests(SafetyCase):
    def test_names_isort(self) -> None:
        self.write("pyproject.toml", "[tool.isort]\nprofile = 'black'\n")
        self.write("tasks.py")
        _, stderr = self.run_main("--to", "django_tasks", str(self.root))
        self.assertIn("run `isort .` to re-sort them", stderr)

    def test_names_ruff_when_its_import_rules_are_selected(self) -> None:
        self.write("pyproject.toml", '[tool.ruff.lint]\nselect = ["E", "I"]\n')
        self.write("tasks.py")
        _, stderr = self.run_main("--to", "django_tasks", str(self.root))
        self.assertIn("run `ruff check --select I --fix .`", stderr)

    def test_generic_hint_without_a_known_sorter(self) -> None:
        self.write("tasks.py")
        _, stderr = self.run_main("--to", "django_tasks", str(self.root))
        self.assertIn("run the project's import sorter", stderr)

    def test_no_hint_when_nothing_changed(self) -> None:
        self.write("tasks.py", AFTER)
        _, stderr = self.run_main("--to", "django_tasks", str(self.root))
        self.assertNotIn("import sorter", stderr)
