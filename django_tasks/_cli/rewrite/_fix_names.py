"""Uses of a renamed import: ``InvalidTaskError`` becomes ``InvalidTask`` where it
refers to the import, by Python's scoping rules, and nowhere else."""

import ast

from django_tasks._cli.rewrite._fix_imports import Bindings
from django_tasks._cli.rewrite._source import Source

__all__ = ["fix_names"]


def fix_names(src: Source, bindings: Bindings) -> None:
    if not bindings.renames:
        return
    for node in ast.walk(src.tree):
        if not isinstance(node, ast.Name):
            continue
        scope = src.scopes.resolve(node.id, node)
        new = bindings.renames.get((scope, node.id))
        if new is not None:
            src.replace(*src.span(node), new)
