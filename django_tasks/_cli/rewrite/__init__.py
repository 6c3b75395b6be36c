"""``rewrite-imports``: move code between ``django.tasks`` and ``django_tasks``.

``_rewriter`` rewrites one module's source (its imports, attribute chains and
dotted strings) and lists what it cannot carry over; ``_reports`` lists the
constructs that need a decision (logger names, import fallbacks); ``_project``
reads a project's packaging files; ``_command`` runs them over files.
"""

from django_tasks._cli.rewrite._command import command, iter_python_files
from django_tasks._cli.rewrite._rewriter import Note, Rewrite, rewrite_source

__all__ = ["Note", "Rewrite", "command", "iter_python_files", "rewrite_source"]
