"""Prove scheduling packages written for Django 6 on Django 5.2, through
``django_tasks.optin``, with real scheduler and worker processes.

    python compat/scheduling/run.py SUITE [PYTEST ARGS ...]

SUITE is ``django-scheduled-tasks`` (tox env ``scheduling-django52``) or
``crontask`` (``scheduling-crontask-django52``, Python >= 3.14). The current
environment must have Django 5.2, this package, pytest and the packages'
own dependencies (tox.ini lists them); then:

1. installs the pinned packages with ``--no-deps`` (django-scheduled-tasks
   and django-crontask declare ``Django>=6.0``, which is the point of the
   opt-in; django-dbtasks declares no Django requirement);
2. runs ``project/``'s tests for the suite through the opt-in kit's runner
   (``compat/optin/run.py``: its pytest plugin checks that ``django.tasks``
   is this package before any test runs). The tests start the scheduler's
   and django-dbtasks' own management commands as processes, on one SQLite
   file, wait (60 s at most) for a task scheduled every two seconds to have
   run twice, stop the processes and read the results back.

Exit status: 0 when the suite passed.
"""

import argparse
import importlib.util
import shutil
import subprocess
import sys
import types
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE / "project"
OPTIN_RUNNER = HERE.parent / "optin" / "run.py"

# Pinned: a new release is a deliberate upgrade of this kit. The scheduler
# first, then the backend and worker that runs what it enqueues.
SUITES = {
    "django-scheduled-tasks": {"django-scheduled-tasks": "0.3.0", "django-dbtasks": "0.5.0"},
    "crontask": {"django-crontask": "2.2.0", "django-dbtasks": "0.5.0"},
}
TESTS = {
    "django-scheduled-tasks": "test_django_scheduled_tasks.py",
    "crontask": "test_crontask.py",
}


def load_optin_runner() -> types.ModuleType:
    # By path: this file is run.py too, so `import run` would find itself.
    spec = importlib.util.spec_from_file_location("optin_run", OPTIN_RUNNER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def install(packages: dict[str, str], log: Callable[[str], None]) -> None:
    # Wheels from the index, as users get them: django-dbtasks' and
    # django-scheduled-tasks' sdists build with uv_build, one more download
    # (and, with --no-binary, a Rust build) for nothing this kit tests.
    requirements = [f"{name}=={version}" for name, version in packages.items()]
    uv = shutil.which("uv")
    if uv:
        command = [uv, "pip", "install", "--quiet", "--python", sys.executable]
    else:
        command = [sys.executable, "-m", "pip", "install", "--quiet"]
    log(f"installing {', '.join(requirements)} with --no-deps")
    subprocess.run([*command, "--no-deps", "--only-binary", ":all:", *requirements], check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("suite", choices=sorted(SUITES))
    # Anything else goes to pytest (e.g. -k, -x).
    args, pytest_args = parser.parse_known_args()

    import django

    optin = load_optin_runner()
    if django.VERSION >= (6, 0):
        optin.log(f"Django {django.get_version()} ships django.tasks: this kit needs Django < 6.")
        return 2
    install(SUITES[args.suite], optin.log)
    suite = optin.Suite(
        args.suite,
        None,
        cwd=PROJECT,
        # -vv: the runner passes -q; one name per test in the log.
        args=["-vv", TESTS[args.suite], *pytest_args],
        env={"OPTIN_SCHEDULER": args.suite},
    )
    # No Redis here: the runner passes the URL on in the environment only.
    code: int = optin.run_suite(suite, redis_url="")
    print(f"scheduling: {1 if code == 0 else 0} passed, {0 if code == 0 else 1} failed")
    return code


if __name__ == "__main__":
    sys.exit(main())
