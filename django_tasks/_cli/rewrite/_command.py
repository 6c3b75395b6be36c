"""The ``rewrite-imports`` command: files in, files rewritten, what is left listed.

A file is written only when its rewritten text compiles; a file the rewrite
cannot handle (it does not parse, or the rewrite fails on it) is reported and
left as it was, and the run goes on with the next file and exits non-zero.
"""

import argparse
import difflib
import io
import os
import sys
import tokenize
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import django

from django_tasks._cli.rewrite._paths import BUILTIN, Target
from django_tasks._cli.rewrite._project import import_sorter, packaging_notes, project_files
from django_tasks._cli.rewrite._rewriter import Rewrite, rewrite_source

__all__ = ["command", "iter_python_files"]

# Never descended into: other people's code and generated files.
_SKIPPED_DIRS = frozenset({"__pycache__", "node_modules", "site-packages"})


def _skipped(directory: Path) -> bool:
    name = directory.name
    return (
        name.startswith(".")
        or name in _SKIPPED_DIRS
        # A virtualenv (PEP 405), whatever its name.
        or (directory / "pyvenv.cfg").exists()
    )


def iter_python_files(paths: Sequence[Path]) -> Iterator[Path]:
    """The .py/.pyi files under ``paths``; a path given explicitly is never skipped."""
    for path in paths:
        if not path.is_dir():
            yield path
            continue
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not _skipped(Path(root, d)))
            for name in sorted(files):
                if name.endswith((".py", ".pyi")):
                    yield Path(root, name)


@dataclass(frozen=True)
class _Result(Rewrite):
    encoding: str


def _rewrite_file(path: Path, to: Target) -> _Result | None:
    """The rewrite of ``path``, or None (reported) when it must be left as it is."""
    try:
        data = path.read_bytes()
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        source = data.decode(encoding)
    except (OSError, UnicodeDecodeError, SyntaxError) as e:
        print(f"{path}: skipped, cannot read it: {e}", file=sys.stderr)
        return None
    try:
        result = rewrite_source(source, to)
    except (SyntaxError, tokenize.TokenError, ValueError) as e:
        print(f"{path}: skipped, cannot parse it: {e}", file=sys.stderr)
        return None
    except Exception as e:
        # A bug of the rewrite must cost one file, never the run.
        print(
            f"{path}: left unchanged: rewrite-imports failed on it "
            f"({type(e).__name__}: {e}); please report this file's construct",
            file=sys.stderr,
        )
        return None
    if result.changed:
        try:
            compile(result.source, str(path), "exec", dont_inherit=True)
        except (SyntaxError, ValueError) as e:
            print(
                f"{path}: left unchanged: the rewritten file would not compile ({e}); "
                "please report this file's construct",
                file=sys.stderr,
            )
            return None
    return _Result(result.original, result.source, result.notes, encoding)


def _refusal(to: Target, force: bool) -> str | None:
    """Why moving to ``to`` is refused with the installed Django, if it is."""
    if to != BUILTIN or force:
        return None
    # Breakpoint: django.tasks is built in from Django 6.0; the refusal goes
    # once 6.0 is the minimum.
    if django.VERSION >= (6, 0):
        return None
    return (
        f"Refusing to rewrite to django.tasks: the installed Django is "
        f"{django.get_version()} and django.tasks only exists from Django 6.0. "
        "Upgrade Django first, or pass --force (for example with --diff, to preview)."
    )


def command(args: argparse.Namespace) -> int:
    to: Target = args.to
    refusal = _refusal(to, args.force)
    if refusal is not None:
        print(refusal, file=sys.stderr)
        return 2
    paths = [Path(path) for path in args.paths]
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        print(f"No such file or directory: {', '.join(missing)}", file=sys.stderr)
        return 2

    write = not (args.check or args.diff)
    changed: list[Path] = []
    unchanged = 0
    failed = 0
    notes = 0
    for path in iter_python_files(paths):
        result = _rewrite_file(path, to)
        if result is None:
            failed += 1
            continue
        for note in result.notes:
            print(f"{path}:{note.line}: {note.message}", file=sys.stderr)
        notes += len(result.notes)
        if not result.changed:
            unchanged += 1
            continue
        if args.diff:
            sys.stdout.writelines(
                difflib.unified_diff(
                    result.original.splitlines(keepends=True),
                    result.source.splitlines(keepends=True),
                    fromfile=str(path),
                    tofile=str(path),
                )
            )
        if write:
            try:
                path.write_bytes(result.source.encode(result.encoding))
            except (OSError, UnicodeEncodeError) as e:
                print(f"{path}: left unchanged, cannot write it: {e}", file=sys.stderr)
                failed += 1
                continue
            print(f"Rewrote {path}", file=sys.stderr)
        elif args.check:
            print(f"Would rewrite {path}", file=sys.stderr)
        changed.append(path)

    for project_note in packaging_notes(project_files(paths), to):
        print(
            f"{_shown(project_note.path)}:{project_note.line}: {project_note.message}",
            file=sys.stderr,
        )
        notes += 1
    if changed:
        print(import_sorter(project_files(paths)), file=sys.stderr)

    verb = "rewritten" if write else "to rewrite"
    summary = f"{_count(len(changed), 'file')} {verb}, {_count(unchanged, 'file')} left unchanged"
    if failed:
        summary += f", {_count(failed, 'file')} skipped"
    if notes:
        summary += f"; {_count(notes, 'place')} to review by hand (listed above)"
    print(summary + ".", file=sys.stderr)
    if failed or (args.check and changed):
        return 1
    return 0


def _shown(path: Path) -> Path:
    """``path`` relative to the working directory when it is under it."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
