"""Sphinx configuration of the django-tasks documentation (MyST Markdown pages).

``tox -e docs`` builds it with warnings as errors and every cross-reference
checked (``-W -n``), and runs every Python example (``sphinx.ext.doctest``) on
Django 6.1 and on Django 5.2.
"""

from __future__ import annotations

import os
import sys
from importlib.metadata import version as installed_version
from pathlib import Path

import django

DOCS = Path(__file__).resolve().parent
REPO = DOCS.parent
# docs/_ext: this site's extensions. docs/examples: the modules the examples
# import (a task must live in a module). tests/: the bad-input table's source
# and the settings the examples run with.
sys.path[:0] = [str(DOCS / "_ext"), str(DOCS / "examples"), str(REPO / "tests")]

# The examples run against the installed package, configured as the test
# suite is: TASKS unset (one ImmediateBackend under "default"), USE_TZ = True.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "django_settings")
django.setup()

project = "django-tasks"
author = "The django-tasks developers"
copyright = "the django-tasks developers"
release = installed_version("django-tasks")
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.doctest",
    "sphinx.ext.intersphinx",
    "django_roles",
    "examples_run",
    "generated_tables",
]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_ext", "examples"]
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3

# Every reference must resolve (tox runs sphinx-build with -n -W).
nitpicky = True

# Django's reference. Where a build made Django's inventory from its sdist
# (tox -e docs runs docs/_ext/django_inventory.py: CI reaches only the package
# registries), that file is used; elsewhere (Read the Docs) the inventory
# docs.djangoproject.com publishes. Either way a target missing from Django
# 6.1's docs fails the build.
DJANGO_DOCS = "https://docs.djangoproject.com/en/6.1/"
_local_inventory = DOCS / "_build" / "django-6.1-objects.inv"
intersphinx_mapping = {
    "django": (
        DJANGO_DOCS,
        str(_local_inventory) if _local_inventory.exists() else DJANGO_DOCS + "_objects/",
    ),
}

html_theme = "furo"
html_title = f"django-tasks {release}"

doctest_global_setup = """
import django
from django.test import override_settings
"""
