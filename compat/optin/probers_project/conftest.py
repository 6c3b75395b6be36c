import os
import tempfile
from pathlib import Path

# Before Django reads the settings: a fresh database file for this run.
_DB_DIR = tempfile.TemporaryDirectory(prefix="optin-probers-")
os.environ["OPTIN_DB_PATH"] = str(Path(_DB_DIR.name, "db.sqlite3"))
os.environ["DJANGO_SETTINGS_MODULE"] = "settings"

import django  # noqa: E402

django.setup()


def pytest_unconfigure():
    _DB_DIR.cleanup()
