"""The command line of ``python -m django_tasks``.

Imported only by ``python -m django_tasks``, never by ``import django_tasks``;
each command imports what it needs when it runs.
"""

import argparse
import os
import sys
from collections.abc import Sequence

from django_tasks import __version__

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m django_tasks",
        description=(
            "Django's task framework (django.tasks) on every Django: run a demo, show what is "
            "active, or move code between django.tasks and django_tasks."
        ),
    )
    parser.add_argument("--version", action="version", version=f"django-tasks {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    commands.add_parser(
        "demo",
        help="enqueue example tasks on the default backend and print their results",
        description=(
            "Configure minimal settings (TASKS left to its default: one ImmediateBackend), "
            "enqueue a sync, an async, a context-taking and a failing task, print their "
            "results and which implementation is active, then show the DummyBackend. "
            "Needs no project and no settings."
        ),
    )

    info = commands.add_parser(
        "info",
        help="show the active implementation, the configured backends and the task checks",
        description=(
            "Show the Django and django-tasks versions, whether the backport or Django's "
            "built-in django.tasks is active, every TASKS backend with its class, supports_* "
            "flags and queues, and the result of the tasks system check. Uses "
            "DJANGO_SETTINGS_MODULE (or --settings); without settings, Django's defaults. "
            "Exits with status 1 when TASKS is misconfigured or a check reports an error."
        ),
    )
    info.add_argument("--settings", help="settings module to use (sets DJANGO_SETTINGS_MODULE)")
    info.add_argument("--pythonpath", help="directory to add to sys.path first")
    info.add_argument("--json", action="store_true", help="print one JSON object")

    rewrite = commands.add_parser(
        "rewrite-imports",
        help="rewrite imports and dotted paths between django.tasks and django_tasks",
        description=(
            "Rewrite Python files so that they use django_tasks (to run on Django 4.2-5.2) or "
            "django.tasks (once on Django 6): imports, attribute chains, and dotted paths in "
            "strings (TASKS BACKEND values, mock.patch targets). Names of the older "
            "django-tasks backport become Django's, renamed only where they refer to the "
            "import. What cannot be carried over (logger names, helpers Django lacks, "
            "try/except ImportError fallbacks, the Django and django-tasks requirements of "
            "pyproject.toml, setup.cfg, setup.py and requirements*.txt) is listed as "
            "file:line with what to do, and left unchanged. A file is written only if the "
            "result compiles; a file that cannot be rewritten is reported, left as it was, "
            "and makes the exit status 1. Directories are searched recursively, skipping "
            "virtualenvs, hidden directories, __pycache__ and node_modules."
        ),
    )
    rewrite.add_argument(
        "--to",
        required=True,
        choices=["django_tasks", "django.tasks"],
        help="the import path the code should use afterwards",
    )
    rewrite.add_argument("paths", nargs="+", metavar="PATH", help="files or directories")
    rewrite.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit with status 1 when a file would change",
    )
    rewrite.add_argument(
        "--diff", action="store_true", help="write nothing; print a unified diff of the changes"
    )
    rewrite.add_argument(
        "--force",
        action="store_true",
        help="rewrite to django.tasks even though the installed Django is older than 6.0",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code = _run(args)
        sys.stdout.flush()
    except BrokenPipeError:
        # `python -m django_tasks demo | head`: stop quietly, as other CLIs do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    return code


def _run(args: argparse.Namespace) -> int:
    if args.command == "demo":
        from django_tasks._cli import demo

        return demo.command(args)
    if args.command == "info":
        from django_tasks._cli import info

        return info.command(args)
    from django_tasks._cli import rewrite

    return rewrite.command(args)
