"""``python -m django_tasks info``: what is active, how TASKS is set, what the checks say."""

import argparse
import json
import os
import platform
import sys
from typing import Any, cast

import django

import django_tasks

__all__ = ["collect", "command", "implementation"]

_FLAGS = ("supports_defer", "supports_async_task", "supports_get_result", "supports_priority")


def implementation() -> tuple[str, str]:
    """A key (``"backport"`` or ``"builtin"``) and a sentence saying what is active."""
    # Breakpoint: django.tasks is built in from Django 6.0
    # (https://docs.djangoproject.com/en/6.0/releases/6.0/#background-tasks).
    if django.VERSION >= (6, 0):
        return (
            "builtin",
            "built-in: django_tasks re-exports Django's own django.tasks (Django >= 6.0)",
        )
    return (
        "backport",
        "backport: django_tasks runs its own implementation of Django 6.1's django.tasks "
        "(Django < 6.0)",
    )


def _class_path(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def _setup(settings_module: str | None) -> str | None:
    """Configure Django; the error message when the settings cannot be loaded."""
    from django.conf import settings

    try:
        if settings_module is None:
            settings.configure()
        django.setup()
    except Exception as e:
        return f"Cannot load the settings module {settings_module!r}: {type(e).__name__}: {e}"
    return None


def collect(settings_module: str | None) -> dict[str, Any]:
    """Set Django up and describe the task configuration, as a JSON-able dict."""
    key, description = implementation()
    report: dict[str, Any] = {
        "ok": False,
        "django_version": django.get_version(),
        "django_tasks_version": django_tasks.__version__,
        "python_version": platform.python_version(),
        "implementation": key,
        "implementation_description": description,
        "settings_module": settings_module,
        "tasks_setting": None,
        "backends": [],
        "checks": [],
        "errors": [],
    }
    errors: list[str] = report["errors"]
    setup_error = _setup(settings_module)
    if setup_error is not None:
        errors.append(setup_error)
        return report

    from django.conf import settings
    from django.core.checks import CheckMessage

    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
    from django_tasks.backends.base import BaseTaskBackend
    from django_tasks.checks import check_tasks

    report["tasks_setting"] = "settings" if settings.is_overridden("TASKS") else "default"
    try:
        # Whatever the user wrote: validated below, not trusted to be a dict.
        raw_tasks = cast(object, task_backends.settings)
    except Exception as e:
        errors.append(f"TASKS is invalid: {type(e).__name__}: {e}")
        return report
    if not isinstance(raw_tasks, dict):
        errors.append(
            "TASKS must be a dict mapping backend aliases to their settings, "
            f"not {type(raw_tasks).__name__}: {raw_tasks!r}"
        )
        return report
    tasks = cast("dict[str, object]", raw_tasks)
    if DEFAULT_TASK_BACKEND_ALIAS not in tasks:
        errors.append(
            f"TASKS has no {DEFAULT_TASK_BACKEND_ALIAS!r} backend: default_task_backend and "
            f"every task without backend= use it (aliases: {', '.join(map(repr, tasks))})"
        )

    built: list[tuple[str, BaseTaskBackend]] = []
    for alias, raw_params in tasks.items():
        params = cast("dict[str, object]", raw_params) if isinstance(raw_params, dict) else {}
        backend_path = params.get("BACKEND")
        if not isinstance(backend_path, str):
            errors.append(
                f"TASKS[{alias!r}] must be a dict with a 'BACKEND' class path, got {raw_params!r}"
            )
            continue
        entry: dict[str, Any] = {"alias": alias, "backend": backend_path}
        report["backends"].append(entry)
        try:
            backend = task_backends[alias]
        except Exception as e:
            errors.append(f"TASKS[{alias!r}]: {type(e).__name__}: {e}")
            entry["error"] = str(e)
            continue
        built.append((alias, backend))
        entry["class"] = _class_path(type(backend))
        entry.update({flag: bool(getattr(backend, flag, False)) for flag in _FLAGS})
        entry["queues"] = sorted(backend.queues)
        entry["options"] = backend.options

    messages: list[CheckMessage] = []
    if len(built) == len(tasks):
        try:
            messages.extend(check_tasks())
        except Exception as e:
            errors.append(f"The tasks system check failed: {type(e).__name__}: {e}")
    else:
        # The check itself would stop at the first broken backend; run the
        # others' checks so that their messages are not lost.
        for alias, backend in built:
            try:
                messages.extend(backend.check())
            except Exception as e:
                errors.append(f"TASKS[{alias!r}].check() failed: {type(e).__name__}: {e}")
    from django.core.checks import ERROR

    for message in messages:
        report["checks"].append(
            {
                "level": _level_name(message.level),
                "id": message.id,
                "msg": message.msg,
                "hint": message.hint,
                "obj": None if message.obj is None else str(message.obj),
            }
        )
        if message.level >= ERROR:
            errors.append(f"System check {message.id or ''} failed: {message.msg}".strip())
    report["ok"] = not errors
    return report


def _level_name(level: int) -> str:
    from django.core import checks

    names = {
        checks.DEBUG: "DEBUG",
        checks.INFO: "INFO",
        checks.WARNING: "WARNING",
        checks.ERROR: "ERROR",
        checks.CRITICAL: "CRITICAL",
    }
    return names.get(level, str(level))


def _print_text(report: dict[str, Any]) -> None:
    print(
        f"Django {report['django_version']} · django-tasks {report['django_tasks_version']} "
        f"· Python {report['python_version']}"
    )
    print(f"Implementation: {report['implementation_description']}")
    settings_module = report["settings_module"]
    where = (
        f"settings module {settings_module}"
        if settings_module
        else "no settings module (Django's defaults)"
    )
    tasks_setting = {
        "settings": "TASKS from the settings",
        "default": "TASKS not set: the default, one ImmediateBackend",
        None: "TASKS not read",
    }[report["tasks_setting"]]
    print(f"Settings: {where}; {tasks_setting}")
    if report["backends"]:
        print("Backends:")
    for entry in report["backends"]:
        print(f"  {entry['alias']}")
        print(f"    BACKEND  {entry['backend']}")
        if "error" in entry:
            print(f"    error    {entry['error']}")
            continue
        print(f"    class    {entry['class']}")
        print(f"    queues   {', '.join(entry['queues'])}")
        print("    " + "  ".join(f"{flag}={entry[flag]}" for flag in _FLAGS))
        if entry["options"]:
            print(f"    OPTIONS  {entry['options']!r}")
    if report["checks"]:
        print("Tasks system check:")
        for check in report["checks"]:
            ident = f"{check['id']} " if check["id"] else ""
            print(f"  {check['level']} {ident}{check['msg']}")
            if check["hint"]:
                print(f"    HINT: {check['hint']}")
    elif report["tasks_setting"] is not None and report["ok"]:
        print("Tasks system check: no issues.")
    for error in report["errors"]:
        print(f"Error: {error}", file=sys.stderr)


def command(args: argparse.Namespace) -> int:
    if args.pythonpath:
        sys.path.insert(0, args.pythonpath)
    if args.settings:
        os.environ["DJANGO_SETTINGS_MODULE"] = args.settings
    report = collect(os.environ.get("DJANGO_SETTINGS_MODULE") or None)
    if args.json:
        print(json.dumps(report, indent=2, default=repr))
    else:
        _print_text(report)
    return 0 if report["ok"] else 1
