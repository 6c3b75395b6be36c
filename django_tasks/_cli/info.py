"""``python -m django_tasks info``: what is active, how TASKS is set, what the checks say."""

import argparse
import importlib
import json
import os
import platform
import re
import sys
from typing import Any, NamedTuple, cast

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


class _MovedBackend(NamedTuple):
    distribution: str
    backend: str  # the new BACKEND path
    app: str  # the new INSTALLED_APPS entry
    old_app: str | None  # the old INSTALLED_APPS entry, if there was one
    needs: str


# Compat: the older django-tasks backport shipped these backends until 0.11;
# from 0.12 each is a package of its own. Keyed by the old module.
_MOVED_BACKENDS: dict[str, _MovedBackend] = {
    "django_tasks.backends.database": _MovedBackend(
        distribution="django-tasks-db",
        backend="django_tasks_db.DatabaseBackend",
        app="django_tasks_db",
        old_app="django_tasks.backends.database",
        needs="Django >= 5.2",
    ),
    "django_tasks.backends.rq": _MovedBackend(
        distribution="django-tasks-rq",
        backend="django_tasks_rq.RQBackend",
        app="django_tasks_rq",
        old_app=None,
        needs="Django >= 4.2; its worker: manage.py rqworker --job-class django_tasks_rq.Job",
    ),
}

# Breakpoint: until Django 6.0 is the minimum, a BACKEND under django.tasks.
# names this package's module of the same name under django_tasks.
_BUILTIN_PREFIX = "django.tasks."
# A module name quoted in an import error's message ('django_tasks.x' or
# "django_tasks"), as written by import_module() and import_string().
_QUOTED_BACKPORT_MODULE = re.compile(r"""(['"])django_tasks(?=[.'"])""")


def _moved_backend(path: str) -> _MovedBackend | None:
    """Where the backend went, if ``path`` is under a moved backend's module."""
    for module, moved in _MOVED_BACKENDS.items():
        if path == module or path.startswith(module + "."):
            return moved
    return None


def _moved_backend_message(path: str) -> str | None:
    moved = _moved_backend(path)
    if moved is None:
        return None
    instead = f" in place of {moved.old_app!r}" if moved.old_app else ""
    return (
        f"{path!r} was a backend of the older django-tasks backport, removed in 0.12: "
        f"it is now {moved.distribution}'s {moved.backend!r} ({moved.needs}). Install it "
        f"(pip install {moved.distribution}), set BACKEND to {moved.backend!r} and list "
        f"{moved.app!r} in INSTALLED_APPS{instead}."
    )


def _backend_error(path: str, error: Exception) -> str | None:
    """A better message than ``error``'s for a backend at ``path`` that cannot be built."""
    moved = _moved_backend_message(path)
    if moved is not None:
        return moved
    cause = error.__cause__
    # Breakpoint: django.tasks is built in from Django 6.0
    # (https://docs.djangoproject.com/en/6.0/releases/6.0/#background-tasks).
    if django.VERSION >= (6, 0):
        return None  # Django's own message names the path as written.
    if path.startswith(_BUILTIN_PREFIX) and isinstance(cause, ImportError):
        # The registry imported the django_tasks module the path maps to;
        # the user wrote, and Django 6 would name, the django.tasks one.
        written = _QUOTED_BACKPORT_MODULE.sub(r"\1django.tasks", str(cause))
        return (
            f"Could not find backend {path!r}: {written} (below Django 6.0, "
            "django.tasks.backends has immediate.ImmediateBackend and "
            "dummy.DummyBackend, from this package)"
        )
    return None


def _setup(settings_module: str | None) -> str | None:
    """Configure Django; the error message when the settings cannot be loaded."""
    from django.conf import settings

    if settings_module is not None:
        # Imported here first, so that a settings module that cannot be
        # imported is told apart from one whose INSTALLED_APPS cannot be.
        try:
            importlib.import_module(settings_module)
        except Exception as e:
            return _settings_import_error(settings_module, e)
    try:
        if settings_module is None:
            settings.configure()
        django.setup()
    except Exception as e:
        where = f"settings module {settings_module!r}" if settings_module else "no settings"
        message = f"Django could not be set up with {where}: {type(e).__name__}: {e}"
        if isinstance(e, ModuleNotFoundError) and e.name is not None:
            moved = _moved_backend(e.name)
            if moved is not None and moved.old_app is not None:
                message += (
                    f". {moved.old_app!r} in INSTALLED_APPS was an application of the older "
                    f"django-tasks backport, removed in 0.12: list {moved.app!r} from "
                    f"{moved.distribution} ({moved.needs}) instead."
                )
        return message
    return None


def _settings_import_error(settings_module: str, error: Exception) -> str:
    cwd = os.getcwd()
    if isinstance(error, ModuleNotFoundError) and error.name is not None:
        missing = error.name
        if settings_module == missing or settings_module.startswith(missing + "."):
            # The module itself (or its package) is not on sys.path.
            return (
                f"Cannot import the settings module {settings_module!r}: no module "
                f"{missing!r} on sys.path (current directory: {cwd}). Run the command "
                "from the directory that holds your project (the one with manage.py), "
                "or pass --pythonpath."
            )
    return (
        f"Cannot import the settings module {settings_module!r} "
        f"(current directory: {cwd}): {type(error).__name__}: {error}"
    )


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
            why = _backend_error(backend_path, e) or str(e)
            errors.append(f"TASKS[{alias!r}]: {type(e).__name__}: {why}")
            entry["error"] = why
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
