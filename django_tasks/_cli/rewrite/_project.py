"""What a moved project declares: its requirements, and the import sorter it uses.

Rewriting the imports is half the move: a package rewritten to
``django_tasks`` that still requires ``Django>=6`` upgrades Django when it is
installed, and one rewritten to ``django.tasks`` must stop depending on
``django-tasks`` and start requiring Django 6. These files are reported,
``file:line`` with what to change, and never edited.
"""

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from django_tasks._cli.rewrite._paths import BUILTIN, Target

__all__ = ["ProjectNote", "import_sorter", "packaging_notes", "project_files"]


@dataclass(frozen=True, order=True)
class ProjectNote:
    path: Path
    line: int
    message: str


# A requirement on Django: "django>=6.0", "Django >= 6", 'django>=6.0,<7'.
_DJANGO_REQUIREMENT = re.compile(
    r"""(?<![\w-])django\s*(?P<spec>[<>=!~][^"'\s;#,\]]*(?:\s*,\s*[<>=!~][^"'\s;#,\]]*)*)""",
    re.IGNORECASE,
)
_DJANGO_6_MINIMUM = re.compile(r"(>=|==|~=|>)\s*(6|[7-9]|\d\d)(\.|\b)")
# A requirement on this package (not django-tasks-rq, django-tasks-db...).
_PACKAGE_REQUIREMENT = re.compile(
    r"""(?:^|["'\s,\[])django[-_]tasks\s*(?:\[[^\]]*\])?\s*(?:[<>=!~;@"',]|$)""",
    re.IGNORECASE,
)

_FILES = ("pyproject.toml", "setup.cfg", "setup.py")


def project_files(paths: Sequence[Path]) -> list[Path]:
    """Packaging files of the projects at ``paths`` (the directories given, and the
    directories above each given path up to the first that has one)."""
    found: list[Path] = []
    for path in paths:
        directory = path.resolve() if path.is_dir() else path.resolve().parent
        for candidate in [directory, *directory.parents]:
            here = [candidate / name for name in _FILES if (candidate / name).is_file()]
            here += sorted(candidate.glob("requirements*.txt"))
            here += sorted(candidate.glob("requirements/*.txt"))
            if here:
                found += [file for file in here if file not in found]
                break
    return found


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("#"):
            continue
        yield number, line


def packaging_notes(files: Sequence[Path], to: Target) -> list[ProjectNote]:
    notes: list[ProjectNote] = []
    for path in files:
        depends_on_package = False
        django_line = 0
        for number, line in _lines(path):
            if _PACKAGE_REQUIREMENT.search(line):
                depends_on_package = True
                if to == BUILTIN:
                    notes.append(
                        ProjectNote(
                            path,
                            number,
                            "drop the django-tasks requirement: the code uses django.tasks now",
                        )
                    )
            for match in _DJANGO_REQUIREMENT.finditer(line):
                django_line = django_line or number
                spec = match.group("spec")
                if to == BUILTIN and not _DJANGO_6_MINIMUM.search(spec):
                    notes.append(
                        ProjectNote(
                            path,
                            number,
                            f"django{spec} allows Djangos without django.tasks: require "
                            "Django>=6.0",
                        )
                    )
                elif to != BUILTIN and _DJANGO_6_MINIMUM.search(spec):
                    notes.append(
                        ProjectNote(
                            path,
                            number,
                            f"django{spec} still requires Django 6: lower it to the oldest "
                            "Django the project supports (django-tasks runs on 4.2 and later), "
                            "or installing the package upgrades Django",
                        )
                    )
        if to != BUILTIN and django_line and not depends_on_package:
            notes.append(
                ProjectNote(
                    path,
                    django_line,
                    "add a django-tasks requirement next to Django's: the code imports "
                    "django_tasks now",
                )
            )
    return notes


# Where each import sorter is configured, and the command that runs it.
_SORTERS = (
    ("isort", "isort ."),
    ("ruff", "ruff check --select I --fix ."),
    ("reorder-python-imports", "reorder-python-imports"),
    ("usort", "usort format ."),
)


def import_sorter(files: Sequence[Path]) -> str:
    """A hint to run the import sorter the project uses, named if it can be told."""
    texts: list[str] = []
    directories = {file.parent for file in files}
    for directory in directories:
        for name in (
            ".pre-commit-config.yaml",
            ".isort.cfg",
            "ruff.toml",
            ".ruff.toml",
            "tox.ini",
        ):
            if (directory / name).is_file():
                texts.append((directory / name).read_text(encoding="utf-8", errors="replace"))
    texts += [
        file.read_text(encoding="utf-8", errors="replace")
        for file in files
        if file.name in ("pyproject.toml", "setup.cfg")
    ]
    text = "\n".join(texts)
    for name, command in _SORTERS:
        if name == "ruff":
            # Ruff sorts imports only with its "I" rules selected.
            if re.search(r"""["']I["']|["']I0*01["']|\bI001\b""", text):
                return f"Imports moved between modules: run `{command}` to re-sort them."
            continue
        if name in text:
            return f"Imports moved between modules: run `{command}` to re-sort them."
    return "Imports moved between modules: run the project's import sorter, if it has one."
