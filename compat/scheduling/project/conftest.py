import os
import tempfile
from pathlib import Path

import pytest

# Before Django reads the settings: a fresh database file for this run, shared
# with the scheduler and worker processes the tests start.
_DB_DIR = tempfile.TemporaryDirectory(prefix="optin-scheduling-")
os.environ["OPTIN_DB_PATH"] = str(Path(_DB_DIR.name, "db.sqlite3"))
os.environ["DJANGO_SETTINGS_MODULE"] = "settings"

import django  # noqa: E402

django.setup()


@pytest.fixture(scope="session", autouse=True)
def migrated() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def pytest_unconfigure() -> None:
    _DB_DIR.cleanup()
