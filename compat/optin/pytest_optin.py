"""pytest plugin for the opt-in kit (``-p pytest_optin``).

- ``OPTIN_INSTALL=1``: call ``install_builtin_alias()`` when pytest loads the
  plugin, before any conftest or test module: the "worker entry point" way,
  for suites that configure Django inside a test module.
- ``OPTIN_MANIFEST=<file>``, ``OPTIN_SUITE=<name>``: mark the suite's expected
  failures listed in the manifest as strict xfails, each with its reason; an
  entry that matches no collected test is an error.
- ``OPTIN_FORBID=a.b,c.d``: mark those modules missing (``sys.modules[name] =
  None``) before anything imports them, so a package's fallback branch cannot
  import and only its Django 6 branch can pass.
- Always: once collected, check that ``django.tasks`` is this package's
  backport (the suite would otherwise prove nothing) and say so in the header.
"""

import json
import os
import sys
from pathlib import Path

import django
import pytest

for _name in filter(None, os.environ.get("OPTIN_FORBID", "").split(",")):
    sys.modules[_name] = None  # type: ignore[assignment]

if os.environ.get("OPTIN_INSTALL") == "1":
    from django_tasks.optin import AliasStatus, install_builtin_alias

    if install_builtin_alias() is not AliasStatus.INSTALLED:
        raise RuntimeError("the opt-in was expected to install the alias here")


def _expected_failures() -> dict[str, str]:
    manifest = os.environ.get("OPTIN_MANIFEST")
    if not manifest:
        return {}
    entries = json.loads(Path(manifest).read_text())["expected_failures"]
    suite = os.environ["OPTIN_SUITE"]
    return {e["test"]: e["reason"] for e in entries if e["suite"] == suite}


def pytest_report_header() -> list[str]:
    return [f"opt-in kit: Django {django.get_version()}"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    expected = _expected_failures()
    seen = set()
    for item in items:
        reason = expected.get(item.nodeid)
        if reason is not None:
            seen.add(item.nodeid)
            item.add_marker(pytest.mark.xfail(reason=reason, strict=True))
    stale = sorted(set(expected) - seen)
    if stale:
        raise pytest.UsageError(f"expected-failures entries match no test: {stale}")


def pytest_collection_finish(session: pytest.Session) -> None:
    import django_tasks

    aliased = sys.modules.get("django.tasks")
    if aliased is not django_tasks:
        raise pytest.UsageError(
            f"django.tasks is {aliased!r}, not django_tasks: the opt-in is not active"
        )
    session.config.stash[_ACTIVE] = True


_ACTIVE = pytest.StashKey[bool]()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if terminalreporter.config.stash.get(_ACTIVE, False):
        terminalreporter.write_line(
            f"opt-in kit: django.tasks was django_tasks on Django {django.get_version()}"
        )
