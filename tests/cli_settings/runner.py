"""Running ``python -m django_tasks`` in a subprocess, as a user would."""

import os
import subprocess
import sys
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent.parent


def run_cli(
    *args: str, settings: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m django_tasks *args``.

    The working directory defaults to tests/: `python -m` puts it first on
    sys.path, and from the project root it would import the source tree
    instead of the installed package under test.
    """
    return run_python("-m", "django_tasks", *args, settings=settings, cwd=cwd)


def run_python(
    *args: str, settings: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if settings is not None:
        env["DJANGO_SETTINGS_MODULE"] = settings
    # The settings modules under tests/cli_settings/ are imported by name.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(TESTS_DIR), env.get("PYTHONPATH")]))
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=TESTS_DIR if cwd is None else cwd,
        timeout=120,
        check=False,
    )
