"""Dotted paths in strings: ``TASKS`` ``BACKEND`` values, ``mock.patch()`` targets,
``import_module()`` arguments. Logger names are left to ``_reports``."""

import ast
import re

from django_tasks._cli.rewrite._paths import BUILTIN, PACKAGE, Unsupported, map_path
from django_tasks._cli.rewrite._reports import logger_name_nodes
from django_tasks._cli.rewrite._source import Source

__all__ = ["fix_strings"]

_DOTTED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+")
# Calls whose first argument names a module: `import_module("django.tasks")`.
_IMPORT_CALLS = frozenset({"import_module", "__import__", "find_spec", "import_string"})


def _import_call_arguments(src: Source) -> set[int]:
    """ids of string constants that name a module to import."""
    found: set[int] = set()
    for node in ast.walk(src.tree):
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in _IMPORT_CALLS:
                found.add(id(node.args[0]))
    return found


def fix_strings(src: Source) -> None:
    loggers = {id(node) for node in logger_name_nodes(src.tree)}
    imported = _import_call_arguments(src)
    in_fstrings = {
        id(part)
        for node in ast.walk(src.tree)
        if isinstance(node, ast.JoinedStr)
        for part in node.values
    }
    for node in ast.walk(src.tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        if id(node) in loggers or id(node) in in_fstrings:
            continue
        value = node.value
        if value in (PACKAGE, BUILTIN) and id(node) not in imported:
            # The bare name is a logger or an app label as often as a module.
            if value == PACKAGE and src.to == BUILTIN:
                parent = src.parents.get(node)
                if isinstance(parent, (ast.List, ast.Tuple, ast.Set)):
                    src.note(
                        node.lineno,
                        "'django_tasks' left unchanged: django.tasks is not an app; "
                        "remove it from INSTALLED_APPS when the package is uninstalled",
                    )
            continue
        if value not in (PACKAGE, BUILTIN) and not _DOTTED.fullmatch(value):
            continue
        target = map_path(value, src.to)
        if target is None:
            continue
        if isinstance(target, Unsupported):
            src.note(node.lineno, f"'{value}' left unchanged: {target.reason}")
            continue
        start, end = src.span(node)
        literal = src.text[start:end]
        if literal.count(value) != 1:
            src.note(node.lineno, f"'{value}' left unchanged: write '{target}'")
            continue
        offset = start + literal.index(value)
        src.replace(offset, offset + len(value), target)
