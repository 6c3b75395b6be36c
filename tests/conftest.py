import os
from pathlib import Path

import django_tasks

SOURCE_PACKAGE = Path(__file__).resolve().parent.parent / "django_tasks"


def pytest_report_header() -> list[str]:
    import django

    return [f"django: {django.get_version()}, django_tasks from {django_tasks.__file__}"]


def pytest_sessionstart() -> None:
    # tox sets this: the tests must exercise the installed wheel, so a file
    # missing from the wheel fails here instead of passing from the tree.
    if os.environ.get("DJANGO_TASKS_TEST_INSTALLED") == "1":
        package_dir = Path(django_tasks.__file__).resolve().parent
        if package_dir == SOURCE_PACKAGE:
            raise RuntimeError(f"django_tasks was imported from the source tree: {package_dir}")
