"""``python -m django_tasks rewrite-imports``: files, directories, --check, --diff, exit status."""

import contextlib
import io
import tempfile
import unittest
from pathlib import Path

import django
from cli_settings.runner import run_cli
from django.test import SimpleTestCase

from django_tasks._cli import main

BEFORE = "from django.tasks import task\n\n\n@task\ndef f():\n    pass\n"
AFTER = "from django_tasks import task\n\n\n@task\ndef f():\n    pass\n"


class CommandCase(SimpleTestCase):
    def setUp(self) -> None:
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        self.root = Path(directory.name)

    def write(self, relative: str, text: str = BEFORE) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
        return path

    def run_main(self, *args: str) -> tuple[int, str, str]:
        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                code = main(["rewrite-imports", *args])
            except SystemExit as e:  # argparse errors
                code = e.code if isinstance(e.code, int) else 1
        return code, stdout.getvalue(), stderr.getvalue()


class RewriteCommandTests(CommandCase):
    def test_rewrites_files_in_place(self) -> None:
        changed = self.write("app/tasks.py")
        unchanged = self.write("app/models.py", "from django.db import models\n")
        code, stdout, stderr = self.run_main("--to", "django_tasks", str(self.root))
        self.assertEqual(code, 0)
        self.assertEqual(stdout, "")
        self.assertEqual(changed.read_text(encoding="utf-8"), AFTER)
        self.assertEqual(unchanged.read_text(encoding="utf-8"), "from django.db import models\n")
        self.assertIn(f"Rewrote {changed}\n", stderr)
        self.assertTrue(stderr.endswith("1 file rewritten, 1 file left unchanged.\n"), stderr)

    def test_second_run_changes_nothing(self) -> None:
        self.write("tasks.py")
        self.run_main("--to", "django_tasks", str(self.root))
        code, _, stderr = self.run_main("--to", "django_tasks", "--check", str(self.root))
        self.assertEqual(code, 0)
        self.assertEqual(stderr, "0 files to rewrite, 1 file left unchanged.\n")

    def test_single_file_argument(self) -> None:
        path = self.write("tasks.py")
        code, _, _ = self.run_main("--to", "django_tasks", str(path))
        self.assertEqual(code, 0)
        self.assertEqual(path.read_text(encoding="utf-8"), AFTER)

    def test_check_exits_1_and_writes_nothing(self) -> None:
        path = self.write("tasks.py")
        code, stdout, stderr = self.run_main("--to", "django_tasks", "--check", str(self.root))
        self.assertEqual(code, 1)
        self.assertEqual(stdout, "")
        self.assertEqual(path.read_text(encoding="utf-8"), BEFORE)
        self.assertIn(f"Would rewrite {path}\n", stderr)
        self.assertIn("1 file to rewrite, 0 files left unchanged.", stderr)

    def test_check_exits_0_when_nothing_to_do(self) -> None:
        self.write("tasks.py", AFTER)
        code, _, _ = self.run_main("--to", "django_tasks", "--check", str(self.root))
        self.assertEqual(code, 0)

    def test_diff_prints_and_writes_nothing(self) -> None:
        path = self.write("tasks.py")
        code, stdout, _ = self.run_main("--to", "django_tasks", "--diff", str(path))
        self.assertEqual(code, 0)
        self.assertEqual(path.read_text(encoding="utf-8"), BEFORE)
        self.assertEqual(
            stdout,
            f"--- {path}\n+++ {path}\n@@ -1,4 +1,4 @@\n"
            "-from django.tasks import task\n+from django_tasks import task\n \n \n @task\n",
        )

    def test_check_and_diff(self) -> None:
        path = self.write("tasks.py")
        code, stdout, _ = self.run_main("--to", "django_tasks", "--check", "--diff", str(path))
        self.assertEqual(code, 1)
        self.assertIn("+from django_tasks import task\n", stdout)
        self.assertEqual(path.read_text(encoding="utf-8"), BEFORE)

    def test_skips_virtualenvs_hidden_and_generated_directories(self) -> None:
        skipped = [
            self.write("env/lib/python3.12/site-packages/pkg/tasks.py"),
            self.write(".tox/py312/tasks.py"),
            self.write(".hidden/tasks.py"),
            self.write("app/__pycache__/tasks.py"),
            self.write("frontend/node_modules/pkg/tasks.py"),
        ]
        self.write("env/pyvenv.cfg", "home = /usr/bin\n")
        self.write("named-anything/pyvenv.cfg", "home = /usr/bin\n")
        skipped.append(self.write("named-anything/tasks.py"))
        kept = self.write("app/tasks.py")
        code, _, stderr = self.run_main("--to", "django_tasks", str(self.root))
        self.assertEqual(code, 0)
        self.assertEqual(kept.read_text(encoding="utf-8"), AFTER)
        for path in skipped:
            with self.subTest(path=path):
                self.assertEqual(path.read_text(encoding="utf-8"), BEFORE)
        self.assertIn("1 file rewritten, 0 files left unchanged.", stderr)

    def test_explicit_path_inside_a_hidden_directory(self) -> None:
        path = self.write(".hidden/tasks.py")
        self.run_main("--to", "django_tasks", str(self.root / ".hidden"))
        self.assertEqual(path.read_text(encoding="utf-8"), AFTER)

    def test_only_python_files(self) -> None:
        text = self.write("README.txt", "from django.tasks import task\n")
        stub = self.write("tasks.pyi", "from django.tasks import Task\n")
        self.run_main("--to", "django_tasks", str(self.root))
        self.assertEqual(text.read_text(encoding="utf-8"), "from django.tasks import task\n")
        self.assertEqual(stub.read_text(encoding="utf-8"), "from django_tasks import Task\n")

    def test_unparsable_file_is_reported_and_others_rewritten(self) -> None:
        broken = self.write("a_broken.py", "from django.tasks import (\n")
        good = self.write("b_good.py")
        code, _, stderr = self.run_main("--to", "django_tasks", str(self.root))
        self.assertEqual(code, 1)
        self.assertIn(f"{broken}: skipped, cannot parse it:", stderr)
        self.assertEqual(broken.read_text(encoding="utf-8"), "from django.tasks import (\n")
        self.assertEqual(good.read_text(encoding="utf-8"), AFTER)
        self.assertIn("1 file rewritten, 0 files left unchanged, 1 file skipped.", stderr)

    def test_notes_carry_file_and_line(self) -> None:
        path = self.write(
            "backend.py", "import os\nfrom django_tasks.utils import get_random_id\n"
        )
        code, _, stderr = self.run_main("--to", "django.tasks", "--force", str(path))
        self.assertEqual(code, 0)
        self.assertIn(f"{path}:2: django_tasks.utils.get_random_id left unchanged: ", stderr)
        self.assertIn("; 1 place to review by hand (listed above).", stderr)

    def test_missing_path(self) -> None:
        code, _, stderr = self.run_main("--to", "django_tasks", str(self.root / "nope"))
        self.assertEqual(code, 2)
        self.assertIn(f"No such file or directory: {self.root / 'nope'}", stderr)

    def test_to_is_required(self) -> None:
        code, _, stderr = self.run_main(str(self.root))
        self.assertEqual(code, 2)
        self.assertIn("the following arguments are required: --to", stderr)

    def test_to_must_be_a_known_target(self) -> None:
        code, _, stderr = self.run_main("--to", "django-tasks", str(self.root))
        self.assertEqual(code, 2)
        self.assertIn("invalid choice: 'django-tasks'", stderr)

    def test_keeps_encoding_and_line_endings(self) -> None:
        path = self.root / "legacy.py"
        path.write_bytes(
            b"# -*- coding: latin-1 -*-\r\nfrom django.tasks import task\r\nNAME = '\xe9'\r\n"
        )
        self.run_main("--to", "django_tasks", str(path))
        self.assertEqual(
            path.read_bytes(),
            b"# -*- coding: latin-1 -*-\r\nfrom django_tasks import task\r\nNAME = '\xe9'\r\n",
        )

    def test_keeps_a_byte_order_mark(self) -> None:
        path = self.root / "bom.py"
        path.write_bytes(b"\xef\xbb\xbffrom django.tasks import task\n")
        self.run_main("--to", "django_tasks", str(path))
        self.assertEqual(path.read_bytes(), b"\xef\xbb\xbffrom django_tasks import task\n")


class RewriteToBuiltinCommandTests(CommandCase):
    @unittest.skipIf(django.VERSION >= (6, 0), "django.tasks is built in from Django 6.0")
    def test_refuses_below_django_6(self) -> None:
        path = self.write("tasks.py", AFTER)
        code, stdout, stderr = self.run_main("--to", "django.tasks", str(path))
        self.assertEqual(code, 2)
        self.assertEqual(stdout, "")
        self.assertEqual(
            stderr,
            f"Refusing to rewrite to django.tasks: the installed Django is "
            f"{django.get_version()} and django.tasks only exists from Django 6.0. Upgrade "
            "Django first, or pass --force (for example with --diff, to preview).\n",
        )
        self.assertEqual(path.read_text(encoding="utf-8"), AFTER)

    @unittest.skipIf(django.VERSION >= (6, 0), "django.tasks is built in from Django 6.0")
    def test_refuses_check_and_diff_too(self) -> None:
        self.write("tasks.py", AFTER)
        for option in ("--check", "--diff"):
            with self.subTest(option=option):
                code, _, _ = self.run_main("--to", "django.tasks", option, str(self.root))
                self.assertEqual(code, 2)

    def test_force(self) -> None:
        path = self.write("tasks.py", AFTER)
        code, _, _ = self.run_main("--to", "django.tasks", "--force", str(path))
        self.assertEqual(code, 0)
        self.assertEqual(path.read_text(encoding="utf-8"), BEFORE)

    @unittest.skipIf(django.VERSION < (6, 0), "django.tasks is built in from Django 6.0")
    def test_no_refusal_on_django_6(self) -> None:
        path = self.write("tasks.py", AFTER)
        code, _, stderr = self.run_main("--to", "django.tasks", str(path))
        self.assertEqual(code, 0, stderr)
        self.assertEqual(path.read_text(encoding="utf-8"), BEFORE)

    def test_reports_what_django_lacks(self) -> None:
        path = self.write(
            "backend.py",
            "from django_tasks.utils import get_random_id, normalize_json\n"
            "from django_tasks.exceptions import InvalidTaskError\n",
        )
        code, _, stderr = self.run_main("--to", "django.tasks", "--force", str(path))
        self.assertEqual(code, 0)
        self.assertEqual(
            path.read_text(encoding="utf-8"),
            "from django_tasks.utils import get_random_id\n"
            "from django.utils.json import normalize_json\n"
            "from django.tasks.exceptions import InvalidTask\n",
        )
        self.assertIn(f"{path}:1: django_tasks.utils.get_random_id left unchanged:", stderr)


class ModuleEntryPointTests(CommandCase):
    def test_check_through_python_m(self) -> None:
        path = self.write("tasks.py")
        result = run_cli("rewrite-imports", "--to", "django_tasks", "--check", str(self.root))
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn(f"Would rewrite {path}", result.stderr)
        self.assertEqual(path.read_text(encoding="utf-8"), BEFORE)

    def test_rewrite_through_python_m(self) -> None:
        path = self.write("tasks.py")
        result = run_cli("rewrite-imports", "--to", "django_tasks", "tasks.py", cwd=self.root)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(path.read_text(encoding="utf-8"), AFTER)
