"""Run Django's own tests for ``django.tasks``, unedited, against this package.

Downloads the sdist of a Django release from PyPI (``pip download``) into a
cache, extracts ``tests/tasks/`` and the ``normalize_json`` /
``is_module_level_function`` test classes from ``tests/utils_tests/``, and runs
them with Django's test runner (``DiscoverRunner``), one suite per process:

- on Django 4.2-5.2, ``django.tasks`` (and its submodules), ``normalize_json``
  and ``is_module_level_function`` resolve to this package's backport -- only
  inside that test process (see ``alias_backport_as_builtin``);
- on Django 6.0+, against the built-in, with ``django_tasks`` imported, in
  ``INSTALLED_APPS`` and naming the default backend, to show that the package
  changes nothing.

Failures are compared with ``compat/expected_failures.json``: a failure not
listed there fails the run, and so does a listed failure that now passes.

Usage (from the repository root)::

    python compat/run_django_suite.py                 # the default suites
    python compat/run_django_suite.py --suite 6.1     # one suite
    python compat/run_django_suite.py --suite 6.1.4   # another release's tests
    python compat/run_django_suite.py --sdist /path/to/django-6.1.3.tar.gz
"""

from __future__ import annotations

import argparse
import copy
import importlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import unittest
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

COMPAT_DIR = Path(__file__).resolve().parent
MANIFEST = COMPAT_DIR / "expected_failures.json"
DEFAULT_CACHE = COMPAT_DIR.parent / ".cache" / "compat"

# The release whose tests stand for each series. To follow a new patch
# release, change the pin (and check the manifest); see compat/README.md.
PINNED_RELEASES = {"6.0": "6.0.10", "6.1": "6.1.3"}

# What is taken from the sdist's tests/ directory, and the test labels run.
EXTRACTED = (
    "tasks/",
    "utils_tests/__init__.py",
    "utils_tests/test_json.py",
    "utils_tests/test_inspect.py",
)
LABELS = (
    "tasks",
    "utils_tests.test_json.JSONNormalizeTestCase",
    "utils_tests.test_inspect.IsModuleLevelFunctionTestCase",
)


@dataclass(frozen=True)
class Suite:
    series: str  # "6.1"
    release: str  # "6.1.3"


def default_suites(django_version: tuple[int, int]) -> list[Suite]:
    """Both suites against the backport; on Django 6, the suites of releases
    up to the installed one (an older Django lacks a newer one's features)."""
    if django_version >= (6, 0):
        installed = django_version[:2]
        chosen = [s for s in PINNED_RELEASES if tuple(map(int, s.split("."))) <= installed]
    else:
        chosen = list(PINNED_RELEASES)
    return [Suite(s, PINNED_RELEASES[s]) for s in sorted(chosen, reverse=True)]


def parse_suite(text: str) -> Suite:
    parts = text.split(".")
    if len(parts) == 2 and text in PINNED_RELEASES:
        return Suite(text, PINNED_RELEASES[text])
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return Suite(".".join(parts[:2]), text)
    known = ", ".join(sorted(PINNED_RELEASES))
    raise argparse.ArgumentTypeError(
        f"invalid suite {text!r}: give a pinned series ({known}) or a release such as 6.1.3"
    )


# -- Fetching the tests -------------------------------------------------------


def download_sdist(release: str, cache: Path) -> Path:
    """The Django sdist for ``release``, from the cache or from PyPI via pip."""
    cache.mkdir(parents=True, exist_ok=True)
    found = _cached_sdist(release, cache)
    if found:
        return found
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--quiet",
        "--no-deps",
        "--no-binary",
        ":all:",
        # Only the sdist's test files are used: fetch Django 6 from Python 3.10 too.
        "--ignore-requires-python",
        f"Django=={release}",
        "--dest",
        str(cache),
    ]
    print(f"Downloading the Django {release} sdist into {cache}", flush=True)
    completed = subprocess.run(command, check=False)
    if completed.returncode:
        raise SystemExit(
            f"error: `{' '.join(command)}` failed (pip needs to be installed in this "
            "environment; or pass --sdist with a downloaded Django sdist)"
        )
    found = _cached_sdist(release, cache)
    if not found:
        raise SystemExit(f"error: pip did not leave a Django {release} sdist in {cache}")
    return found


def _cached_sdist(release: str, cache: Path) -> Path | None:
    # pip names an X.Y.0 release's sdist after its normalised version, "django-X.Y.tar.gz".
    parts = release.split(".")
    short = ".".join(parts[:2]) if parts[2:] == ["0"] else release
    names = {f"django-{release}.tar.gz", f"django-{short}.tar.gz"}
    for path in sorted(cache.iterdir()):
        if path.name.lower() in names:
            return path
    return None


def extract_tests(sdist: Path, destination: Path) -> Path:
    """Extract the files in EXTRACTED, untouched, into ``destination/tests``."""
    tests_dir = destination / "tests"
    if destination.exists():
        shutil.rmtree(destination)  # Never run a stale or edited copy.
    extracted = 0
    with tarfile.open(sdist, "r:gz") as archive:
        for member in archive.getmembers():
            _, _, rest = member.name.partition("/")
            relative = rest.removeprefix("tests/") if rest.startswith("tests/") else None
            if relative is None or not member.isfile():
                continue
            if not any(
                relative == wanted or (wanted.endswith("/") and relative.startswith(wanted))
                for wanted in EXTRACTED
            ):
                continue
            target = (tests_dir / relative).resolve()
            if not target.is_relative_to(tests_dir.resolve()):
                raise SystemExit(f"error: unsafe path in {sdist}: {member.name}")
            source = archive.extractfile(member)
            assert source is not None
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read())
            extracted += 1
    if not (tests_dir / "tasks" / "__init__.py").is_file():
        raise SystemExit(f"error: {sdist} has no tests/tasks/ (is it a Django >= 6.0 sdist?)")
    return tests_dir


# -- Inside the test process ---------------------------------------------------


def alias_backport_as_builtin() -> None:
    """Make Django 6's test imports find the backport, in this process only.

    Breakpoint: only for Django < 6.0. Uses the package's own opt-in, the
    mechanism users call from settings.py, so the suite also proves it.
    """
    import django.shortcuts
    import django.utils.version

    from django_tasks.optin import AliasStatus, install_builtin_alias

    status = install_builtin_alias()
    if status is not AliasStatus.INSTALLED:
        raise RuntimeError(f"install_builtin_alias() returned {status!r}")

    # Not task-related: names the extracted test modules import from Django
    # that older releases lack.
    if not hasattr(django.utils.version, "PY314"):  # Added in Django 5.2.
        setattr(django.utils.version, "PY314", sys.version_info >= (3, 14))  # noqa: B010
    if not hasattr(django.shortcuts, "aget_object_or_404"):  # Added in Django 5.0.
        setattr(django.shortcuts, "aget_object_or_404", aget_object_or_404)  # noqa: B010


async def aget_object_or_404(klass: Any, *args: Any, **kwargs: Any) -> Any:
    """Stand-in for Django 5.0's ``aget_object_or_404`` on Django 4.2
    (test_inspect only checks that it is a module-level coroutine function)."""
    from asgiref.sync import sync_to_async
    from django.shortcuts import get_object_or_404

    return await sync_to_async(get_object_or_404)(klass, *args, **kwargs)


def configure_settings() -> None:
    """Settings as Django's runtests.py gives these tests (tests/test_sqlite.py)."""
    from django.conf import settings
    from django.utils.log import DEFAULT_LOGGING

    logging_config = copy.deepcopy(DEFAULT_LOGGING)
    # As runtests.py: only errors from the "django" logger.
    logging_config["loggers"]["django"]["level"] = "ERROR"
    settings.configure(
        DATABASES={
            "default": {"ENGINE": "django.db.backends.sqlite3"},
            "other": {"ENGINE": "django.db.backends.sqlite3"},
        },
        SECRET_KEY="django_tests_secret_key",
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        USE_TZ=False,
        LANGUAGE_CODE="en",
        INSTALLED_APPS=[
            "django.contrib.contenttypes",
            "django.contrib.auth",
            # The package's optional AppConfig, on every Django.
            "django_tasks",
        ],
        # The default backend, named by the package's path (on Django 6 it is
        # the built-in class; below, the backport's).
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        LOGGING=logging_config,
    )


class RecordingResult(unittest.TextTestResult):
    """Remembers each test's outcome by id (subtest failures count for the test)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.outcomes: dict[str, str] = {}

    def _record(self, test: unittest.TestCase, outcome: str) -> None:
        test_id = test.id()
        if self.outcomes.get(test_id) not in {"failed", "error"}:
            self.outcomes[test_id] = outcome

    def addSuccess(self, test: unittest.TestCase) -> None:
        super().addSuccess(test)
        self._record(test, "passed")

    def addFailure(self, test: unittest.TestCase, err: Any) -> None:
        super().addFailure(test, err)
        self._record(test, "failed")

    def addError(self, test: unittest.TestCase, err: Any) -> None:
        super().addError(test, err)
        self._record(test, "error")

    def addSubTest(self, test: unittest.TestCase, subtest: unittest.TestCase, err: Any) -> None:
        super().addSubTest(test, subtest, err)
        if err is not None:
            failed = issubclass(err[0], test.failureException)
            self._record(test, "failed" if failed else "error")

    def addSkip(self, test: unittest.TestCase, reason: str) -> None:
        super().addSkip(test, reason)
        self._record(test, "skipped")

    def addExpectedFailure(self, test: unittest.TestCase, err: Any) -> None:
        super().addExpectedFailure(test, err)
        self._record(test, "passed")  # Django's own @expectedFailure held.

    def addUnexpectedSuccess(self, test: unittest.TestCase) -> None:
        super().addUnexpectedSuccess(test)
        self._record(test, "failed")


def run_in_this_process(tests_dir: Path, report: Path, verbosity: int) -> int:
    import django

    if django.VERSION < (6, 0):
        alias_backport_as_builtin()
    import django_tasks  # On Django 6: imported, changing nothing.
    import django_tasks.base

    # What the tests import is what is meant to be tested.
    builtin_task = importlib.import_module("django.tasks").Task
    if django.VERSION < (6, 0):
        assert builtin_task.__module__ == "django_tasks.base", builtin_task
    else:
        assert django_tasks.base.__file__ != importlib.import_module("django.tasks.base").__file__
    assert builtin_task is django_tasks.Task

    sys.path.insert(0, str(tests_dir))
    configure_settings()
    django.setup()

    from django.test.runner import DiscoverRunner

    class Runner(DiscoverRunner):
        result: RecordingResult | None = None
        total = 0

        def get_resultclass(self) -> type[unittest.TextTestResult]:
            return RecordingResult

        def run_suite(self, suite: unittest.TestSuite, **kwargs: Any) -> Any:
            self.total = suite.countTestCases()
            result = super().run_suite(suite, **kwargs)
            assert isinstance(result, RecordingResult)
            self.result = result
            return result

    runner = Runner(verbosity=verbosity, interactive=False, parallel=1)
    runner.run_tests(list(LABELS))
    assert runner.result is not None
    report.write_text(
        json.dumps({"total": runner.total, "outcomes": runner.result.outcomes}, indent=2),
        encoding="utf-8",
    )
    return 0


# -- Judging the outcome -------------------------------------------------------


def applicable_expected_failures(series: str) -> dict[str, str]:
    """``{test id: reason}`` for the listed failures that apply here."""
    import django
    from packaging.specifiers import SpecifierSet

    data = json.loads(MANIFEST.read_text(encoding="utf-8"))
    python = ".".join(map(str, sys.version_info[:3]))
    expected: dict[str, str] = {}
    for entry in data["expected_failures"]:
        if not entry.get("reason", "").strip():
            raise SystemExit(f"error: {MANIFEST.name}: {entry['test']} has no reason")
        if entry["suite"] != series:
            continue
        if django.get_version() not in SpecifierSet(entry.get("django", "")):
            continue
        if python not in SpecifierSet(entry.get("python", "")):
            continue
        expected[entry["test"]] = entry["reason"]
    return expected


def judge(suite: Suite, report: dict[str, Any]) -> tuple[bool, str]:
    import django

    outcomes: dict[str, str] = report["outcomes"]
    failed = {t for t, outcome in outcomes.items() if outcome in {"failed", "error"}}
    skipped = sorted(t for t, outcome in outcomes.items() if outcome == "skipped")
    expected = applicable_expected_failures(suite.series)
    unexplained = sorted(failed - expected.keys())
    stale = sorted(expected.keys() - failed)
    total = report["total"]
    target = "the backport" if django.VERSION < (6, 0) else "the built-in"
    counts = []
    for part in ("tasks", "utils_tests"):
        ids = [t for t in outcomes if t.startswith(part + ".")]
        passed = sum(1 for t in ids if outcomes[t] == "passed")
        counts.append(f"{part} {passed}/{len(ids)}")
    lines = [
        f"Django {suite.release}'s tests on Django {django.get_version()} ({target}), "
        f"Python {sys.version.split()[0]}: {', '.join(counts)} passed; "
        f"{len(failed)} failed ({len(failed) - len(unexplained)} expected), "
        f"{len(skipped)} skipped"
    ]
    lines += [f"  UNEXPLAINED FAILURE: {t}" for t in unexplained]
    lines += [f"  STALE ENTRY (now passes, remove it from the manifest): {t}" for t in stale]
    lines += [f"  skipped: {t}" for t in skipped]
    if len(outcomes) != total:
        lines.append(f"  ERROR: {total} tests collected but {len(outcomes)} outcomes recorded")
    ok = not unexplained and not stale and len(outcomes) == total
    return ok, "\n".join(lines)


def run_suite(suite: Suite, args: argparse.Namespace) -> bool:
    cache: Path = args.cache_dir
    sdist = args.sdist or download_sdist(suite.release, cache)
    tests_dir = extract_tests(sdist, cache / f"django-{suite.release}")
    with tempfile.TemporaryDirectory() as tmp:
        report_path = Path(tmp) / "report.json"
        command = [sys.executable]
        command += [f"-W{option}" for option in sys.warnoptions]
        if sys.flags.dev_mode:
            command += ["-X", "dev"]
        command += [
            __file__,
            "--in-process",
            str(tests_dir),
            "--report",
            str(report_path),
            "--verbosity",
            str(args.verbosity),
        ]
        completed = subprocess.run(command, check=False)
        if not report_path.exists():
            print(f"error: the Django {suite.release} test process failed", file=sys.stderr)
            return False
        report = json.loads(report_path.read_text(encoding="utf-8"))
    ok, summary = judge(suite, report)
    print(summary, flush=True)
    if args.summary:
        with args.summary.open("a", encoding="utf-8") as stream:
            stream.write(summary + "\n")
    return ok and completed.returncode == 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--suite",
        action="append",
        type=parse_suite,
        help="a series (6.1, 6.0: its pinned release) or a release (6.1.4); repeatable",
    )
    parser.add_argument("--sdist", type=Path, help="a Django sdist to use instead of pip")
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=Path(os.environ.get("DJANGO_TASKS_COMPAT_CACHE", DEFAULT_CACHE)),
        help="where sdists are downloaded and extracted (default: .cache/compat)",
    )
    parser.add_argument("--verbosity", type=int, default=1)
    parser.add_argument("--summary", type=Path, help="also append the summary to this file")
    parser.add_argument("--in-process", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--report", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.in_process:
        return run_in_this_process(args.in_process, args.report, args.verbosity)

    import django

    suites = args.suite or default_suites(django.VERSION[:2])
    if args.sdist and len(suites) != 1:
        parser.error("--sdist runs one suite: give one --suite with it")
    results = [run_suite(suite, args) for suite in suites]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
