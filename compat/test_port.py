"""Tests of ``compat/port.py``, the porting kit (run by ``tox -e port``).

They run the command as a contributor does, in a subprocess. The main case
downloads Django 6.0's and 6.1's sdists from PyPI into the suite runner's
cache (``.cache/compat``), as ``compat/run_django_suite.py`` does; the
structural cases build small sdists of their own and need no network.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import unittest
from pathlib import Path

COMPAT_DIR = Path(__file__).resolve().parent
PORT = COMPAT_DIR / "port.py"
CACHE = Path(os.environ.get("DJANGO_TASKS_COMPAT_CACHE", COMPAT_DIR.parent / ".cache" / "compat"))
RULE = "=" * 78


def run_port(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(PORT), *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


def sections(output: str) -> dict[str, str]:
    """``{heading: body}``: a heading is the line between two rules."""
    lines = output.splitlines()
    found: dict[str, str] = {}
    starts = [i for i in range(1, len(lines) - 1) if lines[i - 1] == RULE == lines[i + 1]]
    for number, start in enumerate(starts):
        end = starts[number + 1] - 1 if number + 1 < len(starts) else len(lines)
        found[lines[start]] = "\n".join(lines[start + 2 : end]).rstrip("\n")
    return found


def make_sdist(directory: Path, name: str, files: dict[str, str]) -> Path:
    """A .tar.gz laid out as Django's sdists are (``django-X/...``)."""
    path = directory / f"{name}.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        for relative, text in files.items():
            data = text.encode("utf-8")
            member = tarfile.TarInfo(f"{name}/{relative}")
            member.size = len(data)
            archive.addfile(member, io.BytesIO(data))
    return path


def read_sdist(path: Path, tree: str) -> dict[str, bytes]:
    with tarfile.open(path, "r:gz") as archive:
        return {
            member.name.partition("/")[2].removeprefix(tree): archive.extractfile(member).read()  # type: ignore[union-attr]
            for member in archive.getmembers()
            if member.isfile() and member.name.partition("/")[2].startswith(tree)
        }


class PortDjango61Tests(unittest.TestCase):
    """``port.py 6.0 6.1``: the change that made Task picklable in Django 6.1."""

    output: str
    old_sdist: Path
    new_sdist: Path

    @classmethod
    def setUpClass(cls) -> None:
        completed = run_port("6.0", "6.1")
        if completed.returncode:
            raise AssertionError(f"port.py 6.0 6.1 failed:\n{completed.stderr}")
        cls.output = completed.stdout
        match = re.search(r"from Django (\S+) to Django (\S+)$", cls.output.splitlines()[0])
        assert match, cls.output.splitlines()[0]
        cls.old_sdist = CACHE / f"django-{match[1]}.tar.gz"
        cls.new_sdist = CACHE / f"django-{match[2]}.tar.gz"

    def test_releases_are_the_suite_runners_pins(self) -> None:
        self.assertEqual(self.old_sdist.name, "django-6.0.10.tar.gz")
        self.assertEqual(self.new_sdist.name, "django-6.1.3.tar.gz")
        self.assertTrue(self.old_sdist.is_file())
        self.assertTrue(self.new_sdist.is_file())

    def test_pickling_change_is_under_the_backport_base_module(self) -> None:
        found = sections(self.output)
        heading = "django_tasks/_backport/base.py  <-  django/tasks/base.py  [changed]"
        self.assertIn(heading, found)
        body = found[heading]
        self.assertIn("--- 6.0.10/django/tasks/base.py", body)
        self.assertIn("+++ 6.1.3/django/tasks/base.py", body)
        self.assertIn("+    def __reduce__(self):", body.splitlines())
        self.assertIn("+    def _reconstruct(cls, kwargs):", body.splitlines())
        # Under base.py only, among the modules of django/tasks/.
        for other, text in found.items():
            if other != heading and other.startswith("django_tasks/_backport/"):
                self.assertNotIn("def __reduce__", text, other)

    def test_every_module_is_classified_by_its_content(self) -> None:
        old = read_sdist(self.old_sdist, "django/tasks/")
        new = read_sdist(self.new_sdist, "django/tasks/")
        summary = next(line for line in self.output.splitlines() if line.startswith("django/"))
        self.assertTrue(summary.startswith("django/tasks/: "), summary)
        listed: dict[str, list[str]] = {}
        for line in self.output.split("\ntests/tasks/:")[0].splitlines():
            kind, _, names = line.strip().partition(": ")
            if kind in {"changed", "added", "removed", "unchanged"}:
                listed[kind] = names.split(", ")
        self.assertEqual(
            sorted(listed["unchanged"]), sorted(p for p in new if old.get(p) == new[p])
        )
        self.assertEqual(
            sorted(listed["changed"]), sorted(p for p in new if old.get(p, new[p]) != new[p])
        )
        self.assertIn("base.py", listed["changed"])
        self.assertNotIn("added", listed)
        self.assertNotIn("removed", listed)
        # Each changed module has its section; an unchanged one has none.
        headings = sections(self.output)
        for path in listed["changed"]:
            self.assertIn(
                f"django_tasks/_backport/{path}  <-  django/tasks/{path}  [changed]", headings
            )
        for path in listed["unchanged"]:
            self.assertFalse(any(f"<-  django/tasks/{path}" in h for h in headings), path)

    def test_changed_django_tests_are_shown(self) -> None:
        old = read_sdist(self.old_sdist, "tests/tasks/")
        new = read_sdist(self.new_sdist, "tests/tasks/")
        changed = sorted(p for p in new if old.get(p, new[p]) != new[p])
        self.assertIn("test_tasks.py", changed)
        found = sections(self.output)
        for path in changed:
            heading = (
                f"tests/tasks/{path}  (Django's test, run unedited by "
                "compat/run_django_suite.py)  [changed]"
            )
            self.assertIn(heading, found)
            self.assertTrue(found[heading].startswith(f"--- 6.0.10/tests/tasks/{path}"))

    def test_api_differences_show_the_pickling_methods(self) -> None:
        api = self.output.split("API snapshot differences (compat/snapshot.py)")[1]
        self.assertIn("6.0.10: compat/snapshots/django-6.0.json", api)
        self.assertIn("6.1.3: compat/snapshots/django-6.1.json", api)
        base = api.split("django_tasks/_backport/base.py  <-  django.tasks.base\n")[1]
        base = base.split("  <-  ")[0]  # Up to the next module's heading.
        reduce = base.split("  Task/members/__reduce__\n")[1].split("\n  Task/")[0]
        self.assertEqual(reduce.splitlines()[:2], ["    -(none)", "    +async: false"], reduce)
        self.assertIn('    +kind: "method"', reduce.splitlines())
        self.assertIn("  Task/members/_reconstruct", base)
        # 6.1's @task takes **kwargs (run_after is refused, the rest passed on).
        self.assertRegex(base, r"\n    \+signature: \(function=None, .*\*\*kwargs\)\n")

    def test_snapshots_taken_afresh_match_the_committed_ones(self) -> None:
        # The path a new release takes: Django from PyPI in a throwaway
        # virtualenv, snapshot.py run there. Same differences as the committed files.
        with tempfile.TemporaryDirectory() as tmp:
            completed = run_port(
                "6.0",
                "6.1",
                "--regenerate-snapshots",
                "--cache-dir",
                tmp,
                "--old-sdist",
                str(self.old_sdist),
                "--new-sdist",
                str(self.new_sdist),
            )
            self.assertEqual(completed.returncode, 0, completed.stderr)
            generated = Path(tmp, "snapshots", "django-6.1.3.json").read_text(encoding="utf-8")
        committed = (COMPAT_DIR / "snapshots" / "django-6.1.json").read_text(encoding="utf-8")
        self.assertEqual(generated, committed)
        self.assertEqual(
            completed.stdout.replace(
                f"{tmp}/snapshots/django-6.0.10.json", "compat/snapshots/django-6.0.json"
            ).replace(f"{tmp}/snapshots/django-6.1.3.json", "compat/snapshots/django-6.1.json"),
            self.output,
        )


class PortStructureTests(unittest.TestCase):
    """Headings, added and removed modules, on sdists made here (no network)."""

    def setUp(self) -> None:
        self.tmp = Path(self.enterContext(tempfile.TemporaryDirectory()))
        self.old = make_sdist(
            self.tmp,
            "django-6.0.10",
            {
                "django/tasks/__init__.py": "",
                "django/tasks/base.py": "A = 1\n",
                "django/tasks/gone.py": "B = 2\n",
                "tests/tasks/test_a.py": "x = 1\n",
            },
        )
        self.new = make_sdist(
            self.tmp,
            "django-6.1.3",
            {
                "django/tasks/__init__.py": "",
                "django/tasks/base.py": "A = 2\n",
                "django/tasks/backends/fresh.py": "C = 3",  # No final newline.
                "tests/tasks/test_b.py": "y = 1\n",
            },
        )
        self.backport = self.tmp / "_backport"
        self.backport.mkdir()
        (self.backport / "base.py").write_text("", encoding="utf-8")
        (self.backport / "_helpers.py").write_text("", encoding="utf-8")

    def port(self) -> str:
        completed = run_port(
            "6.0",
            "6.1",
            "--old-sdist",
            str(self.old),
            "--new-sdist",
            str(self.new),
            "--backport-dir",
            str(self.backport),
            "--no-snapshots",
        )
        self.assertEqual(completed.returncode, 0, completed.stderr)
        return completed.stdout

    def test_summary(self) -> None:
        lines = self.port().splitlines()
        self.assertEqual(lines[0], "Porting django.tasks from Django 6.0.10 to Django 6.1.3")
        self.assertIn("django/tasks/: 1 changed, 1 added, 1 removed, 1 unchanged", lines)
        self.assertIn("  added: backends/fresh.py", lines)
        self.assertIn("  removed: gone.py", lines)
        self.assertIn("tests/tasks/: 0 changed, 1 added, 1 removed, 0 unchanged", lines)
        self.assertIn(
            "django/tasks/ modules of 6.1.3 with no backport module in this checkout "
            f"({self.backport}): __init__.py, backends/fresh.py",
            lines,
        )
        self.assertIn(
            "Backport modules with no django/tasks/ counterpart in 6.1.3: _helpers.py", lines
        )

    def test_modules_are_headed_by_their_backport_module(self) -> None:
        found = sections(self.port())
        self.assertEqual(
            list(found),
            [
                "django_tasks/_backport/base.py  <-  django/tasks/base.py  [changed]",
                "django_tasks/_backport/backends/fresh.py  <-  django/tasks/backends/fresh.py"
                "  [added in 6.1.3]",
                "django_tasks/_backport/gone.py  <-  django/tasks/gone.py  [removed in 6.1.3]",
                "tests/tasks/test_b.py  (Django's test, run unedited by "
                "compat/run_django_suite.py)  [added in 6.1.3]",
                "tests/tasks/test_a.py  (Django's test, run unedited by "
                "compat/run_django_suite.py)  [removed in 6.1.3]",
            ],
        )
        base, fresh, gone, added_test, _ = found.values()
        self.assertNotIn("does not exist", base)
        self.assertIn("-A = 1\n+A = 2", base)
        self.assertIn(
            "note: django_tasks/_backport/backends/fresh.py does not exist in this checkout", fresh
        )
        self.assertIn("--- /dev/null\n+++ 6.1.3/django/tasks/backends/fresh.py", fresh)
        self.assertEqual(fresh.splitlines()[-1], "+C = 3")
        self.assertIn(
            "--- 6.0.10/django/tasks/gone.py\n+++ /dev/null\n@@ -1 +0,0 @@\n-B = 2", gone
        )
        self.assertIn("+y = 1", added_test)


class PortErrorTests(unittest.TestCase):
    """Every failure is one line on stderr and exit status 1, never a traceback."""

    def assertFailsWith(self, message: str, *args: str, env: dict[str, str] | None = None) -> None:
        completed = run_port(*args, env=env)
        self.assertEqual(completed.returncode, 1, completed.stdout)
        self.assertEqual(completed.stdout, "")
        error_lines = [
            line for line in completed.stderr.splitlines() if line.startswith("port.py: error:")
        ]
        self.assertEqual(len(error_lines), 1, completed.stderr)
        self.assertNotIn("Traceback", completed.stderr)
        self.assertIn(message, error_lines[0])

    def test_a_django_without_tasks(self) -> None:
        self.assertFailsWith(
            "Django 5.2 has no django/tasks/ (it is new in Django 6.0)", "5.2", "6.1"
        )

    def test_not_a_version(self) -> None:
        self.assertFailsWith("'latest' is not a Django version", "6.0", "latest")

    def test_the_same_release_twice(self) -> None:
        self.assertFailsWith(
            "OLD and NEW are the same release (6.1.3)", "6.1", "6.1.3", "--no-snapshots"
        )

    def test_an_unknown_series(self) -> None:
        self.assertFailsWith("Django 99.0: no release of that series on PyPI", "6.1", "99.0")

    def test_an_unknown_release(self) -> None:
        self.assertFailsWith("Django 6.1.99 is not on PyPI", "6.1", "6.1.99")

    def test_no_network(self) -> None:
        # pip pointed at a closed port, with no configuration files and an
        # empty cache, as on a machine without network.
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "UV_"))}
        env.update(
            PIP_CONFIG_FILE=os.devnull,
            PIP_INDEX_URL="http://127.0.0.1:9/simple/",
            PIP_RETRIES="0",
        )
        with tempfile.TemporaryDirectory() as cache:
            self.assertFailsWith(
                "could not list Django's releases with `pip index versions Django`",
                "6.0",
                "6.1",
                "--cache-dir",
                cache,
                env=env,
            )

    def test_an_sdist_without_django_tasks(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            sdist = make_sdist(Path(tmp), "django-6.0.10", {"django/__init__.py": ""})
            self.assertFailsWith(
                f"{sdist} has no django/tasks/", "6.0", "6.1", "--old-sdist", str(sdist)
            )

    def test_a_missing_sdist(self) -> None:
        self.assertFailsWith(
            "no such sdist: /nonexistent/django-6.0.10.tar.gz",
            "6.0",
            "6.1",
            "--old-sdist",
            "/nonexistent/django-6.0.10.tar.gz",
        )


class CachedSdistTests(unittest.TestCase):
    """The suite runner finds a cached sdist under the name pip gives it."""

    def test_an_x_y_0_release_is_found_under_its_normalised_name(self) -> None:
        sys.path.insert(0, str(COMPAT_DIR))
        self.addCleanup(sys.path.remove, str(COMPAT_DIR))
        from run_django_suite import download_sdist

        cache = Path(self.enterContext(tempfile.TemporaryDirectory()))
        # pip saves Django 6.2.0 as django-6.2.tar.gz; no download may be attempted.
        saved = make_sdist(cache, "django-6.2", {"django/tasks/__init__.py": ""})
        make_sdist(cache, "django-6.1.3", {"django/tasks/__init__.py": ""})
        self.assertEqual(download_sdist("6.2.0", cache), saved)
        self.assertEqual(download_sdist("6.2", cache), saved)
        self.assertEqual(download_sdist("6.1.3", cache).name, "django-6.1.3.tar.gz")
