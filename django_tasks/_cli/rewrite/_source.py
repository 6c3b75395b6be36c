"""One module's source: its text, AST, tokens and scopes, and the edits made to it.

What the fixers share, read-only except for the edit list and the notes: the
offsets of every line and token (so an edit lands on the exact characters the
AST or tokenizer points at), and helpers that add, delete and replace text in
one pass at the end (``apply``). This is the part tokenize-rt would provide;
docs/migrating.md says why the standard library does instead.
"""

import ast
import bisect
import io
import re
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass

from django_tasks._cli.rewrite._paths import Target
from django_tasks._cli.rewrite._reports import Note
from django_tasks._cli.rewrite._scopes import Scopes

__all__ = ["NEWLINE", "CannotRewrite", "Source", "dotted_name", "under"]

NEWLINE = re.compile(r"\r\n|\r|\n")


class CannotRewrite(Exception):
    """A statement is left unchanged; the message says why."""


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    text: str
    order: int


def under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + ".")


def dotted_name(node: ast.expr) -> str | None:
    """``a.b.c`` for an attribute chain on a name, else None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


class Source:
    def __init__(self, text: str, to: Target) -> None:
        self.text = text
        self.to: Target = to
        self.tree = ast.parse(text)
        self.line_starts = [0] + [m.end() for m in NEWLINE.finditer(text)]
        self.tokens = list(tokenize.generate_tokens(io.StringIO(text, newline="").readline))
        self.token_starts = [self.offset(*token.start) for token in self.tokens]
        self.edits: list[_Edit] = []
        self.notes: set[Note] = set()
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

    def offset(self, line: int, column: int) -> int:
        """Character offset of a tokenize position (1-based line, column in characters)."""
        return self.line_starts[line - 1] + column

    def line_text(self, line: int) -> str:
        start = self.line_starts[line - 1]
        end = self.line_starts[line] if line < len(self.line_starts) else len(self.text)
        return self.text[start:end]

    def ast_offset(self, line: int, column: int) -> int:
        """Character offset of an AST position (column in UTF-8 bytes)."""
        text = self.line_text(line)
        if not text.isascii():
            column = len(text.encode("utf-8")[:column].decode("utf-8", errors="replace"))
        return self.line_starts[line - 1] + column

    def span(self, node: ast.AST) -> tuple[int, int]:
        start = self.ast_offset(node.lineno, node.col_offset)  # type: ignore[attr-defined]
        end = self.ast_offset(node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]
        return start, end

    def tokens_between(self, start: int, end: int) -> list[tuple[tokenize.TokenInfo, int, int]]:
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
            found.append((token, self.token_starts[index - 1], self.offset(*token.end)))
        return found

    def line_prefix(self, offset: int) -> str:
        line = bisect.bisect_right(self.line_starts, offset)
        return self.text[self.line_starts[line - 1] : offset]

    def indent(self, offset: int) -> str:
        prefix = self.line_prefix(offset)
        return prefix[: len(prefix) - len(prefix.lstrip(" \t"))]

    def replace(self, start: int, end: int, text: str) -> None:
        if self.text[start:end] != text:
            self.edits.append(_Edit(start, end, text, len(self.edits)))

    def note(self, line: int, message: str) -> None:
        self.notes.add(Note(line, message))

    def insert_after(self, statement: ast.stmt, statements: list[str]) -> None:
        """Add statements after ``statement``, on their own lines when it starts one."""
        if not statements:
            return
        start, end = self.span(statement)
        if self.line_prefix(start).strip(" \t\f"):
            # `if x: import a` or `a = 1; import b`: stay on the same logical line.
            self.replace(end, end, "".join(f"; {text}" for text in statements))
            return
        indent = self.indent(start)
        line_text = self.line_text(statement.end_lineno or statement.lineno)
        line_end = self.offset(statement.end_lineno or statement.lineno, 0) + len(
            line_text.rstrip("\r\n")
        )
        newline = NEWLINE.search(self.text)
        eol = newline.group() if newline else "\n"
        self.replace(line_end, line_end, "".join(f"{eol}{indent}{text}" for text in statements))

    def insert_before(self, statement: ast.stmt, text: str) -> None:
        start, _ = self.span(statement)
        if self.line_prefix(start).strip(" \t\f"):
            self.replace(start, start, f"{text}; ")
            return
        newline = NEWLINE.search(self.text)
        eol = newline.group() if newline else "\n"
        self.replace(start, start, f"{text}{eol}{self.indent(start)}")

    def delete_statement(self, statement: ast.stmt) -> bool:
        """Delete a one-line statement that has its line to itself, if its block allows."""
        if isinstance(statement, ast.Import) and len(statement.names) > 1:
            return False
        if statement.end_lineno != statement.lineno:
            return False
        start, end = self.span(statement)
        line_start = self.line_starts[statement.lineno - 1]
        line_text = self.line_text(statement.lineno)
        rest = self.text[end : line_start + len(line_text)]
        if self.text[line_start:start].strip(" \t\f") or rest.strip():
            return False
        parent = self.parents.get(statement)
        for field in ("body", "orelse", "finalbody"):
            block: object = getattr(parent, field, None)
            if block == [statement]:
                return False  # The block would be empty.
        self.replace(line_start, line_start + len(line_text), "")
        return True

    def apply(self) -> str:
        edits = sorted(self.edits, key=lambda edit: (edit.start, edit.end, edit.order))
        pieces: list[str] = []
        position = 0
        for edit in edits:
            if edit.start < position:
                raise AssertionError(f"Overlapping edits at offset {edit.start}: {edits!r}")
            pieces.append(self.text[position : edit.start])
            pieces.append(edit.text)
            position = edit.end
        pieces.append(self.text[position:])
        return "".join(pieces)

    def name_span(self, alias: ast.alias) -> tuple[int, int]:
        """The span of the imported (dotted) name of ``alias``, without ``as x``."""
        start, end = self.span(alias)
        name_end = start
        for token, _, token_end in self.tokens_between(start, end):
            if token.type == tokenize.NAME and token.string == "as":
                break
            if token.type in (tokenize.NAME, tokenize.OP):
                name_end = token_end
        return start, name_end

    def chains(self, root: str) -> Iterator[tuple[ast.expr, str]]:
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
            dotted = dotted_name(chain)
            if dotted is not None:
                yield chain, dotted
