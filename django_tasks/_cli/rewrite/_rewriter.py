"""One module's source, rewritten between ``django.tasks`` and ``django_tasks``.

The source is parsed with :mod:`ast` to find what names the task API, and
edited at the exact spans :mod:`tokenize` and the AST give, so formatting,
comments and unrelated code are left byte for byte as they were.
"""

import ast
import bisect
import io
import re
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass

from django_tasks._cli.rewrite._paths import (
    BUILTIN,
    PACKAGE,
    SUBMODULES,
    Target,
    Unsupported,
    is_ours,
    map_module,
    map_path,
    required_module,
)
from django_tasks._cli.rewrite._reports import Note, logger_name_nodes, report_constructs
from django_tasks._cli.rewrite._scopes import Scopes

__all__ = ["Note", "Rewrite", "rewrite_source"]


@dataclass(frozen=True)
class Rewrite:
    original: str
    source: str
    notes: tuple[Note, ...]

    @property
    def changed(self) -> bool:
        return self.source != self.original


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    text: str
    order: int


class _CannotRewrite(Exception):
    """A statement is left unchanged; the message says why."""


_NEWLINE = re.compile(r"\r\n|\r|\n")
_DOTTED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+")
# Calls whose first argument names a module: `import_module("django.tasks")`.
_IMPORT_CALLS = frozenset({"import_module", "__import__", "find_spec", "import_string"})
# `from django.utils.json import normalize_json` names a Django 6 helper that
# older Djangos lack: moved to django_tasks.utils, which has it everywhere.
_DJANGO_6_HELPER_MODULES = frozenset({"django.utils.json", "django.utils.inspect"})
# What those modules hold that older Djangos lack. django.utils.inspect has
# other functions on every Django; django.utils.json is new in Django 6.0.
_DJANGO_6_HELPERS_IN = {
    "django.utils.json": frozenset({"normalize_json"}),
    "django.utils.inspect": frozenset({"is_module_level_function"}),
}
_DJANGO_6_ONLY_MODULE = "django.utils.json"


def rewrite_source(source: str, to: Target) -> Rewrite:
    """Rewrite ``source`` so that it uses ``to`` (``"django_tasks"`` or ``"django.tasks"``).

    Raises SyntaxError (or tokenize.TokenError) when ``source`` is not valid Python.
    """
    if to not in (BUILTIN, PACKAGE):
        raise ValueError(f"Unknown target {to!r}: expected 'django_tasks' or 'django.tasks'.")
    return _Rewriter(source, to).run()


def _under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + ".")


def _dotted(node: ast.expr) -> str | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


class _Rewriter:
    def __init__(self, source: str, to: Target) -> None:
        self.source = source
        self.to: Target = to
        self.tree = ast.parse(source)
        self.line_starts = [0] + [m.end() for m in _NEWLINE.finditer(source)]
        self.tokens = list(tokenize.generate_tokens(io.StringIO(source, newline="").readline))
        self.token_starts = [self._offset(*token.start) for token in self.tokens]
        self.edits: list[_Edit] = []
        self.notes: set[Note] = set()
        # Names bound by a from-import whose imported name changes.
        # Keyed by the scope of the import and the name it bound.
        self.renames: dict[tuple[ast.AST, str], str] = {}
        # Local names bound to a module of the API: `import django_tasks.base as b`.
        self.module_aliases: dict[str, str] = {}
        # Unaliased `import django_tasks...` (or `import django.tasks...`): they bind the root.
        self.root_imports: list[tuple[ast.Import, ast.alias, str | Unsupported]] = []
        # Unaliased imports of anything else: what stays bound whatever happens.
        self.other_imports: list[tuple[ast.Import, ast.alias]] = []
        self.parents: dict[ast.AST, ast.AST] = {}
        for parent in ast.walk(self.tree):
            for child in ast.iter_child_nodes(parent):
                self.parents[child] = parent
        self.scopes = Scopes(self.tree)
        self.bound_names = self._bound_names()
        self.exported_names = self._exported_names()

    def _bound_names(self) -> set[str]:
        """Every name the module binds, anywhere: a renamed import must not clash."""
        names: set[str] = set()
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
                names.add(node.id)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.arg):
                names.add(node.arg)
            elif isinstance(node, ast.alias):
                names.add(node.asname or node.name.partition(".")[0])
            elif isinstance(node, ast.ExceptHandler) and node.name:
                names.add(node.name)
        return names

    def _exported_names(self) -> set[str]:
        """The strings in ``__all__``: names other modules import from this one."""
        names: set[str] = set()
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Assign):
                targets = node.targets
            elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
                targets = [node.target]
            else:
                continue
            if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets) and isinstance(
                node.value, (ast.List, ast.Tuple)
            ):
                names.update(
                    e.value
                    for e in node.value.elts
                    if isinstance(e, ast.Constant) and isinstance(e.value, str)
                )
        return names

    # -- positions -------------------------------------------------------

    def _offset(self, line: int, column: int) -> int:
        """Character offset of a tokenize position (1-based line, column in characters)."""
        return self.line_starts[line - 1] + column

    def _line_text(self, line: int) -> str:
        start = self.line_starts[line - 1]
        end = self.line_starts[line] if line < len(self.line_starts) else len(self.source)
        return self.source[start:end]

    def _ast_offset(self, line: int, column: int) -> int:
        """Character offset of an AST position (column in UTF-8 bytes)."""
        text = self._line_text(line)
        if not text.isascii():
            column = len(text.encode("utf-8")[:column].decode("utf-8", errors="replace"))
        return self.line_starts[line - 1] + column

    def _span(self, node: ast.AST) -> tuple[int, int]:
        start = self._ast_offset(node.lineno, node.col_offset)  # type: ignore[attr-defined]
        end = self._ast_offset(node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]
        return start, end

    def _tokens(self, start: int, end: int) -> list[tuple[tokenize.TokenInfo, int, int]]:
        """Tokens starting inside [start, end), with their character offsets."""
        index = bisect.bisect_left(self.token_starts, start)
        found: list[tuple[tokenize.TokenInfo, int, int]] = []
        while index < len(self.tokens) and self.token_starts[index] < end:
            token = self.tokens[index]
            index += 1
            if token.type in (tokenize.INDENT, tokenize.DEDENT):
                # Zero-width on the statement's first position after a block:
                # they are not part of the statement.
                continue
            found.append((token, self.token_starts[index - 1], self._offset(*token.end)))
        return found

    def _line_prefix(self, offset: int) -> str:
        line = bisect.bisect_right(self.line_starts, offset)
        return self.source[self.line_starts[line - 1] : offset]

    def _indent(self, offset: int) -> str:
        prefix = self._line_prefix(offset)
        return prefix[: len(prefix) - len(prefix.lstrip(" \t"))]

    # -- edits -----------------------------------------------------------

    def _replace(self, start: int, end: int, text: str) -> None:
        if self.source[start:end] != text:
            self.edits.append(_Edit(start, end, text, len(self.edits)))

    def _note(self, line: int, message: str) -> None:
        self.notes.add(Note(line, message))

    def _insert_after(self, statement: ast.stmt, statements: list[str]) -> None:
        """Add statements after ``statement``, on their own lines when it starts one."""
        if not statements:
            return
        start, end = self._span(statement)
        if self._line_prefix(start).strip(" \t\f"):
            # `if x: import a` or `a = 1; import b`: stay on the same logical line.
            self._replace(end, end, "".join(f"; {text}" for text in statements))
            return
        indent = self._indent(start)
        line_text = self._line_text(statement.end_lineno or statement.lineno)
        line_end = self._offset(statement.end_lineno or statement.lineno, 0) + len(
            line_text.rstrip("\r\n")
        )
        newline = _NEWLINE.search(self.source)
        eol = newline.group() if newline else "\n"
        self._replace(line_end, line_end, "".join(f"{eol}{indent}{text}" for text in statements))

    def _insert_before(self, statement: ast.stmt, text: str) -> None:
        start, _ = self._span(statement)
        if self._line_prefix(start).strip(" \t\f"):
            self._replace(start, start, f"{text}; ")
            return
        newline = _NEWLINE.search(self.source)
        eol = newline.group() if newline else "\n"
        self._replace(start, start, f"{text}{eol}{self._indent(start)}")

    def _delete_statement(self, statement: ast.stmt) -> bool:
        """Delete a one-line statement that has its line to itself, if its block allows."""
        if isinstance(statement, ast.Import) and len(statement.names) > 1:
            return False
        if statement.end_lineno != statement.lineno:
            return False
        start, end = self._span(statement)
        line_start = self.line_starts[statement.lineno - 1]
        line_text = self._line_text(statement.lineno)
        rest = self.source[end : line_start + len(line_text)]
        if self.source[line_start:start].strip(" \t\f") or rest.strip():
            return False
        parent = self.parents.get(statement)
        for field in ("body", "orelse", "finalbody"):
            block: object = getattr(parent, field, None)
            if block == [statement]:
                return False  # The block would be empty.
        self._replace(line_start, line_start + len(line_text), "")
        return True

    def _apply(self) -> str:
        edits = sorted(self.edits, key=lambda edit: (edit.start, edit.end, edit.order))
        pieces: list[str] = []
        position = 0
        for edit in edits:
            if edit.start < position:
                raise AssertionError(f"Overlapping edits at offset {edit.start}: {edits!r}")
            pieces.append(self.source[position : edit.start])
            pieces.append(edit.text)
            position = edit.end
        pieces.append(self.source[position:])
        return "".join(pieces)

    # -- driver ----------------------------------------------------------

    def run(self) -> Rewrite:
        for node in ast.walk(self.tree):
            if isinstance(node, ast.ImportFrom):
                self._import_from(node)
            elif isinstance(node, ast.Import):
                self._import(node)
        if self.to == BUILTIN:
            self._root_chains_to_builtin()
            self._module_alias_chains()
        else:
            self._root_chains_to_package()
        self._rename_names()
        self._strings()
        self.notes.update(report_constructs(self.tree, self.to))
        return Rewrite(self.source, self._apply(), tuple(sorted(self.notes)))

    # -- import statements -----------------------------------------------

    def _name_span(self, alias: ast.alias) -> tuple[int, int]:
        """The span of the imported (dotted) name of ``alias``, without ``as x``."""
        start, end = self._span(alias)
        name_end = start
        for token, _, token_end in self._tokens(start, end):
            if token.type == tokenize.NAME and token.string == "as":
                break
            if token.type in (tokenize.NAME, tokenize.OP):
                name_end = token_end
        return start, name_end

    def _import(self, node: ast.Import) -> None:
        for alias in node.names:
            target = map_module(alias.name, self.to)
            if target is None:
                if alias.asname is None:
                    self.other_imports.append((node, alias))
                elif (
                    self.to == PACKAGE
                    and alias.name in _DJANGO_6_HELPERS_IN
                    # `import django.utils.json as j`
                    and self._helper_module_moves(alias, alias.name, alias.asname)
                ):
                    self._replace(*self._name_span(alias), PACKAGE + ".utils")
                continue
            if alias.asname is None:
                self.root_imports.append((node, alias, target))
                continue
            if isinstance(target, Unsupported):
                self._note(alias.lineno, f"import {alias.name} left unchanged: {target.reason}")
                continue
            self.module_aliases[alias.asname] = alias.name
            if (
                self.to == BUILTIN
                and target == BUILTIN
                and alias.asname == "tasks"
                and len(node.names) == 1
            ):
                # The spelling Django's docs use, and the inverse of the
                # `from django import tasks` rewrite below.
                self._replace(*self._span(node), "from django import tasks")
                continue
            self._replace(*self._name_span(alias), target)

    def _import_from(self, node: ast.ImportFrom) -> None:
        if node.level or node.module is None:
            return
        module = node.module
        if self.to == PACKAGE and module == "django":
            self._from_django(node)
            return
        if self.to == PACKAGE and module == "django.utils":
            self._from_django_utils(node)
            return
        if not (
            is_ours(module, self.to) or (self.to == PACKAGE and module in _DJANGO_6_HELPER_MODULES)
        ):
            return

        # Where each imported name goes: a module to import it from and its
        # name there, or None when it stays as it is.
        placements: list[tuple[ast.alias, str | None, str]] = []
        for alias in node.names:
            full = module if alias.name == "*" else f"{module}.{alias.name}"
            if self.to == PACKAGE:
                relative = full.removeprefix(BUILTIN + ".")
            else:
                relative = full.removeprefix(PACKAGE + ".")
            if alias.name != "*" and relative in SUBMODULES:
                self.module_aliases[alias.asname or alias.name] = full
            target = map_path(full, self.to)
            if target is None:
                placements.append((alias, None, alias.name))
            elif isinstance(target, Unsupported):
                self._note(alias.lineno, f"{full} left unchanged: {target.reason}")
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
        mapped_module = map_module(module, self.to)
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
                    self._replace(*self._name_span(alias), text)
        except _CannotRewrite as e:
            self._note(node.lineno, f"import left unchanged: {e}")
            return
        if primary != module:
            self._replace(*self._module_span(node), primary)
        scope = self.scopes.scope_of[node]
        for alias, text in renamed.items():
            if alias.asname is None and " as " not in text:
                self.renames[scope, alias.name] = text
        statements: list[str] = []
        for new_module, aliases in moved.items():
            names: list[str] = []
            for alias, new_name in aliases:
                text = self._renamed_import(node, alias, new_name)
                names.append(text if alias.asname is None else f"{text} as {alias.asname}")
                if alias.asname is None and text != alias.name and " as " not in text:
                    self.renames[scope, alias.name] = text
            statements.append(f"from {new_module} import {', '.join(names)}")
        self._insert_after(node, statements)

    def _renamed_import(self, node: ast.ImportFrom, alias: ast.alias, new_name: str) -> str:
        """The imported name to write: Django's, aliased if the module uses that name already."""
        if new_name == alias.name or alias.asname is not None:
            return new_name
        if (
            new_name in self.bound_names
            or alias.name in self.exported_names
            or not self.scopes.bound_once(alias.name, self.scopes.scope_of[node])
        ):
            # Keep the old name bound: something else here is called new_name,
            # other modules import the old name from this one, or the old
            # name is bound again in the same scope (a fallback assignment).
            return f"{new_name} as {alias.name}"
        return new_name

    def _module_span(self, node: ast.ImportFrom) -> tuple[int, int]:
        tokens = self._tokens(*self._span(node))
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
        start, end = self._span(node)
        tokens = self._tokens(start, end)
        if any(token.type == tokenize.COMMENT for token, _, _ in tokens):
            raise _CannotRewrite(
                "its names go to different modules and it has comments; split it by hand"
            )
        items: list[str] = []
        for alias in kept:
            alias_start, alias_end = self._span(alias)
            text = self.source[alias_start:alias_end]
            if alias in renamed:
                _, name_end = self._name_span(alias)
                text = renamed[alias] + self.source[name_end:alias_end]
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
                first_alias_start = self._span(node.names[0])[0]
                item_indent = self._indent(first_alias_start)
                newline = _NEWLINE.search(self.source[first_start:end])
                eol = newline.group() if newline else "\n"
                body = "".join(f"{eol}{item_indent}{item}," for item in items)
                text = f"({body}{eol}{self._indent(closing_start)})"
            else:
                text = f"({', '.join(items)})"
            self._replace(first_start, end, text)
        else:
            self._replace(first_start, end, ", ".join(items))

    def _from_django(self, node: ast.ImportFrom) -> None:
        """``from django import tasks`` becomes ``import django_tasks as tasks``."""
        aliases = [alias for alias in node.names if alias.name == "tasks"]
        if not aliases:
            return
        alias = aliases[0]
        local = alias.asname or "tasks"
        self.module_aliases[local] = BUILTIN
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
        for chain, dotted in self._chains(local):
            if dotted.split(".")[1:2] and dotted.split(".")[1] in helpers:
                helper_uses.append(chain)
            else:
                only_helpers = False
        return helper_uses, only_helpers

    def _helper_module_moves(self, alias: ast.alias, module: str, local: str) -> bool:
        """Whether a binding of ``module`` can become django_tasks.utils; notes it if not."""
        helper_uses, only_helpers = self._helper_module_uses(local, module)
        if only_helpers and (helper_uses or module == _DJANGO_6_ONLY_MODULE):
            return True
        if module == _DJANGO_6_ONLY_MODULE:
            self._note(
                alias.lineno,
                f"{module} left unchanged: it exists from Django 6.0 only and is used for "
                "more than normalize_json; use django_tasks.utils.normalize_json",
            )
        for chain in helper_uses:
            name = _dotted(chain)
            self._note(
                chain.lineno,
                f"{name} left unchanged: {module} has it from Django 6.0 only; use "
                f"django_tasks.utils.{(name or '').rpartition('.')[2]}",
            )
        return False

    def _move_name_out(self, node: ast.ImportFrom, alias: ast.alias, statement: str) -> None:
        """Replace ``alias`` of ``node`` by ``statement`` on the next line."""
        if len(node.names) == 1:
            self._replace(*self._span(node), statement)
            return
        kept = [other for other in node.names if other is not alias]
        try:
            self._rebuild_names(node, kept, {})
        except _CannotRewrite as e:
            self._note(node.lineno, f"import left unchanged: {e}")
            return
        self._insert_after(node, [statement])

    # -- attribute chains ------------------------------------------------

    def _chains(self, root: str) -> Iterator[tuple[ast.expr, str]]:
        """Outermost ``root.a.b`` expressions (and bare ``root`` names)."""
        for node in ast.walk(self.tree):
            if not (isinstance(node, ast.Name) and node.id == root):
                continue
            if node.id not in self.scopes.imported[self.scopes.resolve(node.id, node)]:
                continue  # A parameter or a local variable of that name.
            chain: ast.expr = node
            parent = self.parents.get(chain)
            while isinstance(parent, ast.Attribute) and parent.value is chain:
                chain = parent
                parent = self.parents.get(chain)
            dotted = _dotted(chain)
            if dotted is not None:
                yield chain, dotted

    def _replace_chain(self, chain: ast.expr, old: str, new: str) -> bool:
        start, end = self._span(chain)
        if self.source[start:end] != old:
            self._note(
                chain.lineno,
                f"{old} left unchanged: it is split over lines or spaced; write {new}",
            )
            return False
        self._replace(start, end, new)
        return True

    def _covered(self, module: str, imported: list[str]) -> bool:
        return any(name == module or name.startswith(module + ".") for name in imported)

    def _root_chains_to_builtin(self) -> None:
        if not self.root_imports:
            return
        mapped: list[tuple[ast.expr, str, str]] = []
        unsupported = False
        for chain, dotted in self._chains(PACKAGE):
            target = map_path(dotted, self.to)
            if isinstance(target, Unsupported):
                self._note(chain.lineno, f"{dotted} left unchanged: {target.reason}")
                unsupported = True
            elif target is not None:
                if self._replace_chain(chain, dotted, target):
                    mapped.append((chain, dotted, target))
                else:
                    unsupported = True  # Still spelled django_tasks.
        needed: list[str] = []
        for _, dotted, _ in mapped:
            module = required_module(dotted, self.to)
            if module not in needed:
                needed.append(module)

        imported = [alias.name for _, alias in self.other_imports]
        anchor = self.root_imports[0][0]
        if unsupported:
            # Something still needs the name django_tasks: keep its imports
            # and import what the rewritten expressions need next to them.
            for _, alias, target in self.root_imports:
                if isinstance(target, str):
                    imported.append(alias.name)
            missing = [module for module in needed if not self._covered(module, imported)]
            self._insert_after(anchor, [f"import {module}" for module in missing])
            return
        for statement, alias, target in self.root_imports:
            if isinstance(target, Unsupported):
                # `import django_tasks.utils`: replace it with a module the
                # rewritten expressions need, if any.
                candidates = [m for m in needed if not self._covered(m, imported)]
                if not mapped:
                    self._note(
                        alias.lineno, f"import {alias.name} left unchanged: {target.reason}"
                    )
                    imported.append(alias.name)
                    continue
                if not candidates and self._delete_statement(statement):
                    # Everything it served is imported otherwise already.
                    continue
                target = candidates[0] if candidates else BUILTIN
            self._replace(*self._name_span(alias), target)
            imported.append(target)
        missing = [module for module in needed if not self._covered(module, imported)]
        self._insert_after(anchor, [f"import {module}" for module in missing])

    def _root_chains_to_package(self) -> None:
        django_bound = bool(self.root_imports) or any(
            alias.name == "django" or alias.name.startswith("django.")
            for _, alias in self.other_imports
        )
        if not django_bound:
            return
        needed: list[str] = []
        still_uses_django = False
        unmoved: list[str] = []
        for chain, dotted in self._chains("django"):
            target = map_path(dotted, self.to)
            if isinstance(target, str) and self._replace_chain(chain, dotted, target):
                module = required_module(dotted, self.to)
                if module not in needed:
                    needed.append(module)
                continue
            if isinstance(target, Unsupported):
                self._note(chain.lineno, f"{dotted} left unchanged: {target.reason}")
            still_uses_django = True
            unmoved.append(dotted)
        imported = [alias.name for _, alias in self.other_imports]
        rebinding: list[ast.Import] = []
        for statement, alias, target in self.root_imports:
            assert isinstance(target, str)  # Everything under django.tasks maps.
            self._replace(*self._name_span(alias), target)
            imported.append(target)
            rebinding.append(statement)
        for statement, alias in self.other_imports:
            if alias.name != _DJANGO_6_ONLY_MODULE:
                continue
            # `import django.utils.json` fails before Django 6.0.
            if any(_under(dotted, alias.name) for dotted in unmoved):
                self._note(
                    alias.lineno,
                    f"import {alias.name} left unchanged: it exists from Django 6.0 only; "
                    "use django_tasks.utils.normalize_json",
                )
                continue
            self._replace(*self._name_span(alias), PACKAGE + ".utils")
            imported.remove(alias.name)
            imported.append(PACKAGE + ".utils")
            rebinding.append(statement)
        missing = [module for module in needed if not self._covered(module, imported)]
        if missing:
            anchor = (
                self.root_imports[0][0]
                if self.root_imports
                else next(
                    statement
                    for statement, alias in self.other_imports
                    if alias.name == "django" or alias.name.startswith("django.")
                )
            )
            self._insert_after(anchor, [f"import {module}" for module in missing])
        if (
            rebinding
            and still_uses_django
            and not any(name == "django" or name.startswith("django.") for name in imported)
        ):
            # `import django.tasks` also bound `django`, which other code uses.
            self._insert_before(rebinding[0], "import django")

    def _module_alias_chains(self) -> None:
        for local, module in self.module_aliases.items():
            mapped_module = map_module(module, self.to)
            if not isinstance(mapped_module, str):
                continue
            for chain, dotted in self._chains(local):
                if dotted == local:
                    continue
                rest = dotted[len(local) + 1 :]
                target = map_path(f"{module}.{rest}", self.to)
                if isinstance(target, Unsupported):
                    self._note(chain.lineno, f"{dotted} left unchanged: {target.reason}")
                elif target is not None and target.startswith(mapped_module + "."):
                    self._replace_chain(
                        chain, dotted, f"{local}.{target[len(mapped_module) + 1 :]}"
                    )
                elif target is not None:
                    self._note(
                        chain.lineno,
                        f"{dotted} left unchanged: it is {target} in Django; import it from there",
                    )

    def _rename_names(self) -> None:
        if not self.renames:
            return
        for node in ast.walk(self.tree):
            if not isinstance(node, ast.Name):
                continue
            scope = self.scopes.resolve(node.id, node)
            new = self.renames.get((scope, node.id))
            if new is not None:
                self._replace(*self._span(node), new)

    # -- strings ---------------------------------------------------------

    def _import_call_arguments(self) -> set[int]:
        """ids of string constants that name a module to import."""
        found: set[int] = set()
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Call) and node.args:
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name in _IMPORT_CALLS:
                    found.add(id(node.args[0]))
        return found

    def _strings(self) -> None:
        loggers = {id(node) for node in logger_name_nodes(self.tree)}
        imported = self._import_call_arguments()
        in_fstrings = {
            id(part)
            for node in ast.walk(self.tree)
            if isinstance(node, ast.JoinedStr)
            for part in node.values
        }
        for node in ast.walk(self.tree):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            if id(node) in loggers or id(node) in in_fstrings:
                continue
            value = node.value
            if value in (PACKAGE, BUILTIN) and id(node) not in imported:
                # The bare name is a logger or an app label as often as a module.
                if value == PACKAGE and self.to == BUILTIN:
                    parent = self.parents.get(node)
                    if isinstance(parent, (ast.List, ast.Tuple, ast.Set)):
                        self._note(
                            node.lineno,
                            "'django_tasks' left unchanged: django.tasks is not an app; "
                            "remove it from INSTALLED_APPS when the package is uninstalled",
                        )
                continue
            if value not in (PACKAGE, BUILTIN) and not _DOTTED.fullmatch(value):
                continue
            target = map_path(value, self.to)
            if target is None:
                continue
            if isinstance(target, Unsupported):
                self._note(node.lineno, f"'{value}' left unchanged: {target.reason}")
                continue
            start, end = self._span(node)
            literal = self.source[start:end]
            if literal.count(value) != 1:
                self._note(node.lineno, f"'{value}' left unchanged: write '{target}'")
                continue
            offset = start + literal.index(value)
            self._replace(offset, offset + len(value), target)
