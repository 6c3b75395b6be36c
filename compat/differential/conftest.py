"""Differential tests: the private backport against Django 6's built-in.

Run in a process of their own (``pytest compat/differential``, or the tox
``differential`` environment), never in the main test run: importing the
backport on Django 6 registers its system check and signal receivers next to
Django's, which the package itself never does there.
"""

import os
import sys
from pathlib import Path

import django
import pytest
from hypothesis import HealthCheck, settings

sys.path.insert(0, str(Path(__file__).resolve().parent))

settings.register_profile(
    "differential",
    max_examples=int(os.environ.get("DIFFERENTIAL_EXAMPLES", "150")),
    # Each example switches settings twice (TASKS, USE_TZ); timing is noise.
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("differential")


def pytest_configure(config: pytest.Config) -> None:
    # Breakpoint: there is nothing to compare with below Django 6.0.
    if django.VERSION < (6, 0):
        raise pytest.UsageError(
            f"the differential tests compare with django.tasks, which Django "
            f"{django.get_version()} lacks: run them on Django >= 6.0"
        )
