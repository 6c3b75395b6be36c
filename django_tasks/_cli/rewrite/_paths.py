"""Where each dotted path of the task API lives under ``django.tasks`` and ``django_tasks``."""

from dataclasses import dataclass
from typing import Literal

Target = Literal["django_tasks", "django.tasks"]

BUILTIN = "django.tasks"
PACKAGE = "django_tasks"

# The modules of the API (relative to the package root), as Django 6 has them,
# plus the older backport's extra ones: `from django_tasks import utils` binds
# a module, `from django_tasks import task` does not.
SUBMODULES = frozenset(
    {
        "apps",
        "backends",
        "backends.base",
        "backends.dummy",
        "backends.immediate",
        "base",
        "checks",
        "exceptions",
        "signals",
        "utils",
    }
)

# Compat: names of the older django-tasks backport (<= 0.12) and where Django
# 6 keeps them. Checked longest key first.
_RENAMED_FOR_DJANGO = {
    "django_tasks.BaseTaskBackend": "django.tasks.backends.base.BaseTaskBackend",
    "django_tasks.InvalidTaskBackendError": "django.tasks.InvalidTaskBackend",
    "django_tasks.exceptions.InvalidTaskBackendError": (
        "django.tasks.exceptions.InvalidTaskBackend"
    ),
    "django_tasks.exceptions.InvalidTaskError": "django.tasks.exceptions.InvalidTask",
    "django_tasks.exceptions.ResultDoesNotExist": "django.tasks.exceptions.TaskResultDoesNotExist",
    "django_tasks.ResultDoesNotExist": "django.tasks.exceptions.TaskResultDoesNotExist",
    "django_tasks.utils.is_module_level_function": "django.utils.inspect.is_module_level_function",
    "django_tasks.utils.normalize_json": "django.utils.json.normalize_json",
}

# What Django 6 has no counterpart for: left as it is, and reported.
_NO_DJANGO_EQUIVALENT = {
    "django_tasks.utils.get_random_id": (
        "Django has no get_random_id(); use django.utils.crypto.get_random_string(32)"
    ),
    "django_tasks.utils.get_module_path": (
        'Django has no get_module_path(); use f"{obj.__module__}.{obj.__qualname__}"'
    ),
    "django_tasks.utils.get_exception_traceback": (
        'Django has no get_exception_traceback(); use "".join(traceback.format_exception(exc))'
    ),
    "django_tasks.utils": "django.tasks has no utils module",
    "django_tasks.apps": (
        "django.tasks is not an app; drop 'django_tasks' from INSTALLED_APPS "
        "when the package is uninstalled"
    ),
    "django_tasks.__version__": "django.tasks has no __version__; use django.VERSION",
    "django_tasks._backport": "private to django-tasks, with no django.tasks equivalent",
    "django_tasks.ResultStatus": (
        "Django's TaskResultStatus replaced ResultStatus and renamed its members; "
        "use django.tasks.TaskResultStatus and check each member you compare with"
    ),
    "django_tasks.base.ResultStatus": (
        "Django's TaskResultStatus replaced ResultStatus and renamed its members; "
        "use django.tasks.TaskResultStatus and check each member you compare with"
    ),
}

# Compat: the older backport's module django_tasks.task (its Task, TaskResult
# and constants) is django.tasks.base in Django. Only paths below it: the name
# django_tasks.task itself is the decorator.
_OLD_TASK_MODULE = "django_tasks.task"

# The public names of each module of django.tasks (the same in 6.0 and 6.1):
# a path to anything else names something Django does not have.
_BUILTIN_MODULE_NAMES = {
    "base": frozenset(
        {
            "DEFAULT_TASK_BACKEND_ALIAS",
            "DEFAULT_TASK_PRIORITY",
            "DEFAULT_TASK_QUEUE_NAME",
            "TASK_MAX_PRIORITY",
            "TASK_MIN_PRIORITY",
            "TASK_REFRESH_ATTRS",
            "Task",
            "TaskContext",
            "TaskError",
            "TaskResult",
            "TaskResultMismatch",
            "TaskResultStatus",
            "task",
        }
    ),
    "exceptions": frozenset(
        {
            "InvalidTask",
            "InvalidTaskBackend",
            "TaskException",
            "TaskResultDoesNotExist",
            "TaskResultMismatch",
        }
    ),
    "signals": frozenset(
        {
            "clear_tasks_handlers",
            "log_task_enqueued",
            "log_task_finished",
            "log_task_started",
            "logger",
            "task_enqueued",
            "task_finished",
            "task_started",
        }
    ),
    "checks": frozenset({"check_tasks"}),
    "backends.base": frozenset({"BaseTaskBackend"}),
    "backends.dummy": frozenset({"DummyBackend"}),
    "backends.immediate": frozenset({"ImmediateBackend"}),
}

# What `django.tasks` itself has (Django 6.0 and 6.1 alike), and its backends.
_BUILTIN_ROOT_NAMES = frozenset(
    {
        "DEFAULT_TASK_BACKEND_ALIAS",
        "DEFAULT_TASK_QUEUE_NAME",
        "InvalidTaskBackend",
        "Task",
        "TaskBackendHandler",
        "TaskContext",
        "TaskResult",
        "TaskResultStatus",
        "backends",
        "base",
        "checks",
        "default_task_backend",
        "exceptions",
        "signals",
        "task",
        "task_backends",
    }
)
_BUILTIN_BACKENDS = frozenset({"base", "dummy", "immediate"})

# Django 6 helpers the tasks framework relies on, absent before Django 6.0.
# Django 6.0 added them; django_tasks.utils has them on every Django.
_DJANGO_6_HELPERS = {
    "django.utils.inspect.is_module_level_function": "django_tasks.utils.is_module_level_function",
    "django.utils.json.normalize_json": "django_tasks.utils.normalize_json",
}


@dataclass(frozen=True)
class Unsupported:
    """A path that cannot be moved, with the reason shown to the user."""

    reason: str


def _under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + ".")


def is_ours(path: str, to: Target) -> bool:
    """Whether ``path`` names the API on the side that is being moved away from."""
    return _under(path, PACKAGE if to == BUILTIN else BUILTIN)


def map_path(path: str, to: Target) -> str | Unsupported | None:
    """The path naming the same object on the other side, or None when not ours."""
    if to == PACKAGE:
        if _under(path, BUILTIN):
            return PACKAGE + path[len(BUILTIN) :]
        for key, new in _DJANGO_6_HELPERS.items():
            if _under(path, key):
                return new + path[len(key) :]
        return None
    if not _under(path, PACKAGE):
        return None
    if path.startswith(_OLD_TASK_MODULE + "."):
        path = PACKAGE + ".base" + path[len(_OLD_TASK_MODULE) :]
    for key in sorted(_RENAMED_FOR_DJANGO, key=len, reverse=True):
        if _under(path, key):
            return _RENAMED_FOR_DJANGO[key] + path[len(key) :]
    for key in sorted(_NO_DJANGO_EQUIVALENT, key=len, reverse=True):
        if _under(path, key):
            return Unsupported(_NO_DJANGO_EQUIVALENT[key])
    parts = path.split(".")[1:]
    if parts and parts[0] not in _BUILTIN_ROOT_NAMES:
        return Unsupported(f"django.tasks has no {parts[0]}")
    if parts[:1] == ["backends"] and len(parts) > 1 and parts[1] not in _BUILTIN_BACKENDS:
        return Unsupported(
            f"django.tasks has no backends.{parts[1]} (the older backport's database and RQ "
            "backends are separate packages now: django-tasks-db, django-tasks-rq)"
        )
    for module, names in _BUILTIN_MODULE_NAMES.items():
        module_parts = module.split(".")
        if parts[: len(module_parts)] == module_parts and len(parts) > len(module_parts):
            name = parts[len(module_parts)]
            if name not in names:
                return Unsupported(f"django.tasks.{module} has no {name}")
    return BUILTIN + path[len(PACKAGE) :]


def map_module(path: str, to: Target) -> str | Unsupported | None:
    """As map_path, for ``path`` imported as a module (``import x.y``, ``from x.y import``)."""
    if to == BUILTIN and path == _OLD_TASK_MODULE:
        return BUILTIN + ".base"
    return map_path(path, to)


def required_module(path: str, to: Target) -> str:
    """The module to import so that the mapped ``path`` resolves as an attribute chain.

    The API's modules are laid out alike on both sides, so ``import X`` of the
    root serves a moved chain as it served the original one, except where a
    renamed name also changes module (``django_tasks.utils.normalize_json``
    is ``django.utils.json.normalize_json``, and the other way round).
    """
    if to == PACKAGE:
        for key, new in _DJANGO_6_HELPERS.items():
            if _under(path, key):
                return new.rpartition(".")[0]
        return PACKAGE
    for key in sorted(_RENAMED_FOR_DJANGO, key=len, reverse=True):
        if _under(path, key):
            new_module = _RENAMED_FOR_DJANGO[key].rpartition(".")[0]
            old_module = BUILTIN + key.rpartition(".")[0][len(PACKAGE) :]
            return BUILTIN if new_module == old_module else new_module
    return BUILTIN
