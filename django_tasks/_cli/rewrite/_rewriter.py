"""One module's source, rewritten between ``django.tasks`` and ``django_tasks``.

The source is parsed with :mod:`ast` to find what names the task API, and
edited at the exact spans :mod:`tokenize` and the AST give, so formatting,
comments and unrelated code are left byte for byte as they were. Each kind of
edit is a fixer of its own, run in this order because each reads what the
one before recorded (``Bindings``), never its edits: the import statements,
the attribute chains on imported modules, the uses of renamed names, the
dotted paths in strings; then the reports, which edit nothing.
"""

from dataclasses import dataclass

from django_tasks._cli.rewrite._fix_chains import fix_chains
from django_tasks._cli.rewrite._fix_imports import fix_imports
from django_tasks._cli.rewrite._fix_names import fix_names
from django_tasks._cli.rewrite._fix_strings import fix_strings
from django_tasks._cli.rewrite._paths import BUILTIN, PACKAGE, Target
from django_tasks._cli.rewrite._reports import Note, report_constructs
from django_tasks._cli.rewrite._source import Source

__all__ = ["Note", "Rewrite", "rewrite_source"]


@dataclass(frozen=True)
class Rewrite:
    original: str
    source: str
    notes: tuple[Note, ...]

    @property
    def changed(self) -> bool:
        return self.source != self.original


def rewrite_source(source: str, to: Target) -> Rewrite:
    """Rewrite ``source`` so that it uses ``to`` (``"django_tasks"`` or ``"django.tasks"``).

    Raises SyntaxError (or tokenize.TokenError) when ``source`` is not valid Python.
    """
    if to not in (BUILTIN, PACKAGE):
        raise ValueError(f"Unknown target {to!r}: expected 'django_tasks' or 'django.tasks'.")
    src = Source(source, to)
    bindings = fix_imports(src)
    fix_chains(src, bindings)
    fix_names(src, bindings)
    fix_strings(src)
    src.notes.update(report_constructs(src.tree, to))
    return Rewrite(source, src.apply(), tuple(sorted(src.notes)))
