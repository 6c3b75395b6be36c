"""Which scope each name refers to, so that a rename touches only the uses of an import.

Python's rules, as far as a rename needs them: a name bound anywhere in a
function (a parameter, an assignment, an import, a ``def``) is local to the
whole function unless declared ``global``/``nonlocal``; a class body's names
are seen by the class body only, not by the functions inside it; decorators,
defaults, annotations, base classes and a comprehension's first iterable are
evaluated in the enclosing scope.
"""

import ast
from collections import Counter
from collections.abc import Iterable

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


class Scopes:
    """The scope of every node of ``tree`` and the names each scope binds."""

    def __init__(self, tree: ast.Module) -> None:
        self.module = tree
        self.scope_of: dict[ast.AST, ast.AST] = {}
        self.enclosing: dict[ast.AST, ast.AST] = {}
        self.bindings: dict[ast.AST, Counter[str]] = {tree: Counter()}
        self.imported: dict[ast.AST, set[str]] = {tree: set()}
        self.global_names: dict[ast.AST, set[str]] = {tree: set()}
        self.nonlocal_names: dict[ast.AST, set[str]] = {tree: set()}
        # Where a class body first binds a name: a class body reads a name it
        # has not bound yet from the enclosing scopes (`x = x` in a class).
        self.first_binding: dict[tuple[ast.AST, str], tuple[int, int]] = {}
        self._statement: ast.AST = tree
        self._visit_all(tree.body, tree)

    # -- building --------------------------------------------------------

    def _new_scope(self, node: ast.AST, parent: ast.AST) -> None:
        self.enclosing[node] = parent
        self.bindings[node] = Counter()
        self.imported[node] = set()
        self.global_names[node] = set()
        self.nonlocal_names[node] = set()

    def _visit_all(self, nodes: Iterable[ast.AST | None], scope: ast.AST) -> None:
        for node in nodes:
            if node is not None:
                self._visit(node, scope)

    def _visit_arguments(self, args: ast.arguments, outer: ast.AST, inner: ast.AST) -> None:
        self._visit_all([*args.defaults, *args.kw_defaults], outer)
        for arg in [
            *args.posonlyargs,
            *args.args,
            *args.kwonlyargs,
            *([args.vararg] if args.vararg else []),
            *([args.kwarg] if args.kwarg else []),
        ]:
            self.scope_of[arg] = inner
            self.bindings[inner][arg.arg] += 1
            self._visit_all([arg.annotation], outer)

    def _visit(self, node: ast.AST, scope: ast.AST) -> None:
        self.scope_of[node] = scope
        if isinstance(node, ast.stmt):
            self._statement = node
        if isinstance(node, _FUNCTIONS):
            self.bindings[scope][node.name] += 1
            self._new_scope(node, scope)
            self._visit_all(node.decorator_list, scope)
            self._visit_all([node.returns], scope)
            self._visit_arguments(node.args, scope, node)
            self._visit_all(node.body, node)
        elif isinstance(node, ast.Lambda):
            self._new_scope(node, scope)
            self._visit_arguments(node.args, scope, node)
            self._visit(node.body, node)
        elif isinstance(node, ast.ClassDef):
            self.bindings[scope][node.name] += 1
            self._new_scope(node, scope)
            self._visit_all([*node.decorator_list, *node.bases, *node.keywords], scope)
            self._visit_all(node.body, node)
        elif isinstance(node, _COMPREHENSIONS):
            self._new_scope(node, scope)
            first, *others = node.generators
            self._visit(first.iter, scope)
            self._visit_all([first.target, *first.ifs], node)
            for generator in others:
                self._visit_all([generator.target, generator.iter, *generator.ifs], node)
            if isinstance(node, ast.DictComp):
                self._visit_all([node.key, node.value], node)
            else:
                self._visit(node.elt, node)
        else:
            self._bind(node, scope)
            self._visit_all(ast.iter_child_nodes(node), scope)

    def _bind(self, node: ast.AST, scope: ast.AST) -> None:
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            self.bindings[scope][node.id] += 1
            if isinstance(scope, ast.ClassDef) and isinstance(self._statement, ast.stmt):
                # In effect once its statement has run.
                end = (self._statement.end_lineno or 0, self._statement.end_col_offset or 0)
                key = (scope, node.id)
                self.first_binding[key] = min(self.first_binding.get(key, end), end)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if alias.name == "*":
                    continue
                name = alias.asname or alias.name.partition(".")[0]
                self.bindings[scope][name] += 1
                self.imported[scope].add(name)
        elif isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and node.name:
            self.bindings[scope][node.name] += 1
        elif isinstance(node, ast.MatchMapping) and node.rest:
            self.bindings[scope][node.rest] += 1
        elif isinstance(node, ast.Global):
            self.global_names[scope].update(node.names)
        elif isinstance(node, ast.Nonlocal):
            self.nonlocal_names[scope].update(node.names)

    # -- queries ---------------------------------------------------------

    def resolve(self, name: str, node: ast.AST) -> ast.AST:
        """The scope whose binding of ``name`` the use at ``node`` refers to.

        The module when nothing binds it (a global or a builtin).
        """
        scope = self.scope_of.get(node, self.module)
        first = True
        while scope is not self.module:
            if name in self.global_names[scope]:
                return self.module
            local = name in self.bindings[scope] and name not in self.nonlocal_names[scope]
            if isinstance(scope, ast.ClassDef):
                # A class body's names are not visible inside its methods, nor
                # in the class body before it binds them.
                position = (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))
                bound_before = position >= self.first_binding.get((scope, name), (0, 0)) or (
                    isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load)
                )
                local = local and first and bound_before
            if local:
                return scope
            first = False
            scope = self.enclosing[scope]
        return self.module

    def refers_to_import(self, name: ast.Name, scope: ast.AST) -> bool:
        """Whether ``name`` is a use of what an import in ``scope`` binds."""
        return self.resolve(name.id, name) is scope and name.id in self.imported[scope]

    def bound_once(self, name: str, scope: ast.AST) -> bool:
        """Whether ``scope`` binds ``name`` exactly once (by the import being renamed)."""
        if self.bindings[scope][name] != 1:
            return False
        # `global x` / `nonlocal x` elsewhere rebinds it from another scope.
        declared = self.global_names if scope is self.module else self.nonlocal_names
        return not any(name in names for inner, names in declared.items() if inner is not scope)
