"""Constructs the rewrite cannot decide for the user: listed, ``line: what to do``.

Each check is a small function over the module's AST that yields notes and
edits nothing:

- logger names: the older backport logged to ``"django_tasks"``; Django logs
  to ``"django.tasks"``, so a handler, ``assertLogs()`` or ``LOGGING`` entry
  on the old name receives nothing once the package is gone;
- import fallbacks: ``try: from django.tasks ... except ImportError: from
  django_tasks ...`` and ``if django.VERSION >= (6, 0):`` switches, whose two
  branches import the same thing after the rewrite.
"""

import ast
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django_tasks._cli.rewrite._paths import BUILTIN, PACKAGE, Target

__all__ = ["Note", "report_constructs"]


@dataclass(frozen=True, order=True)
class Note:
    """Something in the source the rewrite left alone and the user must look at."""

    line: int
    message: str


_LOGGER_CALLS = frozenset({"getLogger", "assertLogs", "assertNoLogs"})
_LOGGER_KEYWORDS = frozenset({"name", "logger"})


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def logger_name_nodes(tree: ast.AST) -> Iterator[ast.expr]:
    """The expressions that name a logger: ``getLogger(x)``, ``assertLogs(x)``, and the
    keys of a ``"loggers"`` dict (``LOGGING``)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _call_name(node) in _LOGGER_CALLS:
            yield from node.args[:1]
            yield from (kw.value for kw in node.keywords if kw.arg in _LOGGER_KEYWORDS)
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if (
                    isinstance(key, ast.Constant)
                    and key.value == "loggers"
                    and isinstance(value, ast.Dict)
                ):
                    yield from (logger for logger in value.keys if logger is not None)


def logger_names(tree: ast.Module, to: Target) -> Iterator[Note]:
    if to != BUILTIN:
        # This package logs to "django.tasks" as Django does: nothing to do.
        return
    for node in logger_name_nodes(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        name = node.value
        if name == PACKAGE or name.startswith(PACKAGE + "."):
            new = BUILTIN + name[len(PACKAGE) :]
            yield Note(
                node.lineno,
                f'logger "{name}" left unchanged: it receives nothing once django-tasks is '
                f'uninstalled (Django\'s tasks log to "django.tasks"); name "{new}" instead',
            )


def _task_imports(statements: list[ast.stmt]) -> list[str]:
    """The modules of the task API that ``statements`` import from, in order."""
    found: list[str] = []
    for statement in statements:
        for node in ast.walk(statement):
            modules: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                modules = [node.module]
                if node.module == "django":
                    modules = [BUILTIN for alias in node.names if alias.name == "tasks"]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            for module in modules:
                if any(
                    module == root or module.startswith(root + ".") for root in (BUILTIN, PACKAGE)
                ):
                    found.append(module)
    return found


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    caught = handler.type
    names = caught.elts if isinstance(caught, ast.Tuple) else [caught]
    return any(
        isinstance(name, ast.Name) and name.id in ("ImportError", "ModuleNotFoundError")
        for name in names
    )


def _try_parts(node: ast.AST) -> tuple[list[ast.stmt], list[ast.ExceptHandler]]:
    """The body and handlers of a ``try`` (or, from Python 3.11, ``try``/``except*``)."""
    if isinstance(node, ast.Try):
        return node.body, node.handlers
    if sys.version_info >= (3, 11) and isinstance(node, ast.TryStar):
        return node.body, node.handlers
    return [], []


def _is_version_test(test: ast.expr) -> bool:
    return any(
        (isinstance(node, ast.Name) and node.id in ("VERSION", "DJANGO_VERSION"))
        or (isinstance(node, ast.Attribute) and node.attr == "VERSION")
        for node in ast.walk(test)
    )


def import_fallbacks(tree: ast.Module, to: Target) -> Iterator[Note]:
    """``try``/``except ImportError`` and version switches that choose between the two."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.stmt):
            continue
        branches: list[list[ast.stmt]]
        body, handlers = _try_parts(node)
        if any(_catches_import_error(handler) for handler in handlers):
            branches = [body, *(handler.body for handler in handlers)]
            kind = "try/except ImportError"
        elif isinstance(node, ast.If) and _is_version_test(node.test):
            branches = [node.body, node.orelse]
            kind = "Django version switch"
        else:
            continue
        imports = [_task_imports(branch) for branch in branches]
        if not any(imports):
            continue
        if sum(1 for found in imports if found) > 1:
            yield Note(
                node.lineno,
                f"{kind} chooses between django.tasks and django_tasks: after the rewrite "
                f"every branch imports {to}; collapse it to one branch",
            )
        else:
            yield Note(
                node.lineno,
                f"{kind} guards an import of the task API: once the code requires {to}, "
                "its other branch is dead code; remove the switch, keeping that import",
            )


_CHECKS: tuple[Callable[[ast.Module, Target], Iterator[Note]], ...] = (
    logger_names,
    import_fallbacks,
)


def report_constructs(tree: ast.Module, to: Target) -> Iterator[Note]:
    for check in _CHECKS:
        yield from check(tree, to)
