"""The import statements: ``from x import y`` and ``import x`` of the task API.

Records what the other fixers need to know (``Bindings``): the names whose
import was renamed, the local names bound to a module of the API, and the
plain ``import x.y`` statements, whose attribute chains ``_fix_chains`` moves.
"""

import ast
import tokenize

from django_tasks._cli.rewrite._paths import (
    BUILTIN,
    PACKAGE,
    SUBMODULES,
    Unsupported,
    is_ours,
    map_module,
    map_path,
)
from django_tasks._cli.rewrite._source import NEWLINE, CannotRewrite, Source, dotted_name

__all__ = ["DJANGO_6_ONLY_MODULE", "Bindings", "fix_imports"]

# `from django.utils.json import normalize_json` names a Django 6 helper that
# older Djangos lack: moved to django_tasks.utils, which has it everywhere.
_DJANGO_6_HELPER_MODULES = frozenset({"django.utils.json", "django.utils.inspect"})
# What those modules hold that older Djangos lack. django.utils.inspect has
# other functions on every Django; django.utils.json is new in Django 6.0.
_DJANGO_6_HELPERS_IN = {
    "django.utils.json": frozenset({"normalize_json"}),
    "django.utils.inspect": frozenset({"is_module_level_function"}),
}
DJANGO_6_ONLY_MODULE = "django.utils.json"


class Bindings:
    """What the import statements bind, for the fixers of the code that uses them."""

    def __init__(self) -> None:
        # Names bound by a from-import whose imported name changes, keyed by
        # the scope of the import and the name it bound.
        self.renames: dict[tuple[ast.AST, str], str] = {}
        # Local names bound to a module of the API: `import django_tasks.base as b`.
        self.module_aliases: dict[str, str] = {}
        # Unaliased `import django_tasks...` (or `import django.tasks...`): they
        # bind the root.
        self.root_imports: list[tuple[ast.Import, ast.alias, str | Unsupported]] = []
        # Unaliased imports of anything else: what stays bound whatever happens.
        self.other_imports: list[tuple[ast.Import, ast.alias]] = []


def fix_imports(src: Source) -> Bindings:
    fixer = _ImportFixer(src)
    for node in ast.walk(src.tree):
        if isinstance(node, ast.ImportFrom):
            fixer._import_from(node)
        elif isinstance(node, ast.Import):
            fixer._import(node)
    return fixer.bindings


class _ImportFixer:
    def __init__(self, src: Source) -> None:
        self.src = src
        self.bindings = Bindings()

    def _import(self, node: ast.Import) -> None:
        for alias in node.names:
            target = map_module(alias.name, self.src.to)
            if target is None:
                if alias.asname is None:
                    self.bindings.other_imports.append((node, alias))
                elif (
                    self.src.to == PACKAGE
                    and alias.name in _DJANGO_6_HELPERS_IN
                    # `import django.utils.json as j`
                    and self._helper_module_moves(alias, alias.name, alias.asname)
                ):
                    self.src.replace(*self.src.name_span(alias), PACKAGE + ".utils")
                continue
            if alias.asname is None:
                self.bindings.root_imports.append((node, alias, target))
                continue
            if isinstance(target, Unsupported):
                self.src.note(alias.lineno, f"import {alias.name} left unchanged: {target.reason}")
                continue
            self.bindings.module_aliases[alias.asname] = alias.name
            if (
                self.src.to == BUILTIN
                and target == BUILTIN
                and alias.asname == "tasks"
                and len(node.names) == 1
            ):
                # The spelling Django's docs use, and the inverse of the
                # `from django import tasks` rewrite below.
                self.src.replace(*self.src.span(node), "from django import tasks")
                continue
            self.src.replace(*self.src.name_span(alias), target)

    def _import_from(self, node: ast.ImportFrom) -> None:
        if node.level or node.module is None:
            return
        module = node.module
        if self.src.to == PACKAGE and module == "django":
            self._from_django(node)
            return
        if self.src.to == PACKAGE and module == "django.utils":
            self._from_django_utils(node)
            return
        if not (
            is_ours(module, self.src.to)
            or (self.src.to == PACKAGE and module in _DJANGO_6_HELPER_MODULES)
        ):
            return

        # Where each imported name goes: a module to import it from and its
        # name there, or None when it stays as it is.
        placements: list[tuple[ast.alias, str | None, str]] = []
        for alias in node.names:
            full = module if alias.name == "*" else f"{module}.{alias.name}"
            if self.src.to == PACKAGE:
                relative = full.removeprefix(BUILTIN + ".")
            else:
                relative = full.removeprefix(PACKAGE + ".")
            if alias.name != "*" and relative in SUBMODULES:
                self.bindings.module_aliases[alias.asname or alias.name] = full
            target = map_path(full, self.src.to)
            if target is None:
                placements.append((alias, None, alias.name))
            elif isinstance(target, Unsupported):
                self.src.note(alias.lineno, f"{full} left unchanged: {target.reason}")
                placements.append((alias, None, alias.name))
            elif alias.name == "*":
                placements.append((alias, target, "*"))
            else:
                target_module, _, target_name = target.rpartition(".")
                placements.append((alias, target_module, target_name))

        groups: dict[str, list[tuple[ast.alias, str]]] = {}
        for alias, new_module, new_name in placements:
            groups.setdefault(module if new_module is None else new_module, []).append(
                (alias, new_name)
            )
        mapped_module = map_module(module, self.src.to)
        if any(new_module is None for _, new_module, _ in placements):
            primary = module
        elif isinstance(mapped_module, str) and mapped_module in groups:
            primary = mapped_module
        else:
            primary = max(groups, key=lambda key: len(groups[key]))

        kept: list[ast.alias] = []
        renamed: dict[ast.alias, str] = {}
        seen: set[tuple[str, str | None]] = set()
        for alias, new_name in groups[primary]:
            if (new_name, alias.asname) in seen:
                continue  # `InvalidTask, InvalidTaskError` both become InvalidTask.
            seen.add((new_name, alias.asname))
            kept.append(alias)
            if new_name != alias.name:
                renamed[alias] = self._renamed_import(node, alias, new_name)
        moved = {key: aliases for key, aliases in groups.items() if key != primary}

        try:
            if len(kept) != len(node.names):
                self._rebuild_names(node, kept, renamed)
            else:
                for alias, text in renamed.items():
                    self.src.replace(*self.src.name_span(alias), text)
        except CannotRewrite as e:
            self.src.note(node.lineno, f"import left unchanged: {e}")
            return
        if primary != module:
            self.src.replace(*self._module_span(node), primary)
        scope = self.src.scopes.scope_of[node]
        for alias, text in renamed.items():
            if alias.asname is None and " as " not in text:
                self.bindings.renames[scope, alias.name] = text
        statements: list[str] = []
        for new_module, aliases in moved.items():
            names: list[str] = []
            for alias, new_name in aliases:
                text = self._renamed_import(node, alias, new_name)
                names.append(text if alias.asname is None else f"{text} as {alias.asname}")
                if alias.asname is None and text != alias.name and " as " not in text:
                    self.bindings.renames[scope, alias.name] = text
            statements.append(f"from {new_module} import {', '.join(names)}")
        self.src.insert_after(node, statements)

    def _renamed_import(self, node: ast.ImportFrom, alias: ast.alias, new_name: str) -> str:
        """The imported name to write: Django's, aliased if the module uses that name already."""
        if new_name == alias.name or alias.asname is not None:
            return new_name
        if (
            new_name in self.src.bound_names
            or alias.name in self.src.exported_names
            or not self.src.scopes.bound_once(alias.name, self.src.scopes.scope_of[node])
        ):
            # Keep the old name bound: something else here is called new_name,
            # other modules import the old name from this one, or the old
            # name is bound again in the same scope (a fallback assignment).
            return f"{new_name} as {alias.name}"
        return new_name

    def _module_span(self, node: ast.ImportFrom) -> tuple[int, int]:
        tokens = self.src.tokens_between(*self.src.span(node))
        # tokens[0] is `from`; the dotted module runs up to `import`.
        start = tokens[1][1]
        end = start
        for token, _, token_end in tokens[1:]:
            if token.type == tokenize.NAME and token.string == "import":
                break
            if token.type in (tokenize.NAME, tokenize.OP):
                end = token_end
        return start, end

    def _rebuild_names(
        self, node: ast.ImportFrom, kept: list[ast.alias], renamed: dict[ast.alias, str]
    ) -> None:
        """Rewrite the list of names of ``node`` to ``kept``, in its original layout."""
        start, end = self.src.span(node)
        tokens = self.src.tokens_between(start, end)
        if any(token.type == tokenize.COMMENT for token, _, _ in tokens):
            raise CannotRewrite(
                "its names go to different modules and it has comments; split it by hand"
            )
        items: list[str] = []
        for alias in kept:
            alias_start, alias_end = self.src.span(alias)
            text = self.src.text[alias_start:alias_end]
            if alias in renamed:
                _, name_end = self.src.name_span(alias)
                text = renamed[alias] + self.src.text[name_end:alias_end]
            items.append(text)
        import_index = next(
            index
            for index, (token, _, _) in enumerate(tokens)
            if token.type == tokenize.NAME and token.string == "import"
        )
        names = tokens[import_index + 1 :]
        first, first_start, _ = names[0]
        if first.type == tokenize.OP and first.string == "(":
            closing_start = names[-1][1]
            if any(token.type == tokenize.NL for token, _, _ in names):
                first_alias_start = self.src.span(node.names[0])[0]
                item_indent = self.src.indent(first_alias_start)
                newline = NEWLINE.search(self.src.text[first_start:end])
                eol = newline.group() if newline else "\n"
                body = "".join(f"{eol}{item_indent}{item}," for item in items)
                text = f"({body}{eol}{self.src.indent(closing_start)})"
            else:
                text = f"({', '.join(items)})"
            self.src.replace(first_start, end, text)
        else:
            self.src.replace(first_start, end, ", ".join(items))

    def _from_django(self, node: ast.ImportFrom) -> None:
        """``from django import tasks`` becomes ``import django_tasks as tasks``."""
        aliases = [alias for alias in node.names if alias.name == "tasks"]
        if not aliases:
            return
        alias = aliases[0]
        local = alias.asname or "tasks"
        self.bindings.module_aliases[local] = BUILTIN
        self._move_name_out(node, alias, f"import {PACKAGE} as {local}")

    def _from_django_utils(self, node: ast.ImportFrom) -> None:
        """``from django.utils import json`` becomes ``from django_tasks import utils as json``.

        Only when the module serves nothing but its Django 6 helper, which
        django_tasks.utils has on every Django.
        """
        for alias in node.names:
            module = f"django.utils.{alias.name}"
            if module not in _DJANGO_6_HELPERS_IN:
                continue
            local = alias.asname or alias.name
            if self._helper_module_moves(alias, module, local):
                self._move_name_out(node, alias, f"from {PACKAGE} import utils as {local}")
                return  # One move per statement: the names list is rebuilt once.

    def _helper_module_uses(self, local: str, module: str) -> tuple[list[ast.expr], bool]:
        """Uses of ``local`` (bound to ``module``) that are Django 6 helpers, and whether
        nothing else of it is used."""
        helpers = _DJANGO_6_HELPERS_IN[module]
        helper_uses: list[ast.expr] = []
        only_helpers = True
        for chain, dotted in self.src.chains(local):
            if dotted.split(".")[1:2] and dotted.split(".")[1] in helpers:
                helper_uses.append(chain)
            else:
                only_helpers = False
        return helper_uses, only_helpers

    def _helper_module_moves(self, alias: ast.alias, module: str, local: str) -> bool:
        """Whether a binding of ``module`` can become django_tasks.utils; notes it if not."""
        helper_uses, only_helpers = self._helper_module_uses(local, module)
        if only_helpers and (helper_uses or module == DJANGO_6_ONLY_MODULE):
            return True
        if module == DJANGO_6_ONLY_MODULE:
            self.src.note(
                alias.lineno,
                f"{module} left unchanged: it exists from Django 6.0 only and is used for "
                "more than normalize_json; use django_tasks.utils.normalize_json",
            )
        for chain in helper_uses:
            name = dotted_name(chain)
            self.src.note(
                chain.lineno,
                f"{name} left unchanged: {module} has it from Django 6.0 only; use "
                f"django_tasks.utils.{(name or '').rpartition('.')[2]}",
            )
        return False

    def _move_name_out(self, node: ast.ImportFrom, alias: ast.alias, statement: str) -> None:
        """Replace ``alias`` of ``node`` by ``statement`` on the next line."""
        if len(node.names) == 1:
            self.src.replace(*self.src.span(node), statement)
            return
        kept = [other for other in node.names if other is not alias]
        try:
            self._rebuild_names(node, kept, {})
        except CannotRewrite as e:
            self.src.note(node.lineno, f"import left unchanged: {e}")
            return
        self.src.insert_after(node, [statement])
