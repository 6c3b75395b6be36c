"""Show what porting a new Django release's ``django.tasks`` to the backport involves.

``python compat/port.py OLD NEW`` downloads the two Django sdists (as
``run_django_suite.py`` does, into the same cache) and prints, module by
module, the unified diff of ``django/tasks/`` and of ``tests/tasks/`` between
them. Each Django module is headed by the backport module it maps to:
``django/tasks/X.py`` is ported in ``django_tasks/_backport/X.py``. Then it
prints the differences between the two releases' API snapshots
(``snapshot.py``): the committed ``snapshots/django-X.Y.json`` when it was
taken from that release, else one taken in a throwaway virtualenv with that
Django from PyPI (cached under ``.cache/compat/snapshots/``).

Usage (from the repository root)::

    python compat/port.py 6.0 6.1          # a series: its pinned release, else its newest
    python compat/port.py 6.1 6.2a1        # an exact release, pre-releases included
    python compat/port.py 6.1.3 6.1.4 --no-snapshots

Needs pip (``python -m pip``); the snapshot of a release without a committed
one also needs Python >= 3.12 (``uv`` is used when it is on PATH). Every
failure is one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Both are siblings of this script (run as a script, compat/ is on sys.path).
import run_django_suite
import snapshot

COMPAT_DIR = Path(__file__).resolve().parent
REPOSITORY = COMPAT_DIR.parent
BACKPORT_DIR = REPOSITORY / "django_tasks" / "_backport"
DJANGO_TREE = "django/tasks/"
TESTS_TREE = "tests/tasks/"
# django.tasks is new in Django 6.0: older sdists have nothing to port.
FIRST_RELEASE_WITH_TASKS = (6, 0)
# "6.1" (a series), "6.1.3", "6.2a1", "6.2rc1", "6.2.0" (an exact release).
VERSION_RE = re.compile(
    r"(?P<major>\d+)\.(?P<minor>\d+)(?:\.(?P<micro>\d+))?(?P<pre>(?:a|b|rc)\d+)?"
)
RULE = "=" * 78


class PortError(Exception):
    """A failure reported as one line, without a traceback."""


@dataclass(frozen=True)
class Release:
    version: str  # The release, spelled as on PyPI: "6.1.3", "6.2a1", "6.1".

    @property
    def series(self) -> str:
        match = VERSION_RE.fullmatch(self.version)
        assert match is not None
        return f"{match['major']}.{match['minor']}"


def _canonical(version: str) -> str:
    """One spelling per release: PyPI lists 6.1.0 as "6.1"."""
    match = VERSION_RE.fullmatch(version)
    if not match or match["micro"] not in (None, "0"):
        return version
    return f"{match['major']}.{match['minor']}{match['pre'] or ''}"


# -- Finding and fetching the releases ------------------------------------------


@functools.cache
def pypi_releases() -> tuple[str, ...]:
    """Django's releases on PyPI, newest first, pre-releases included (pip's order)."""
    command = [
        sys.executable,
        "-m",
        "pip",
        "index",
        "versions",
        "Django",
        "--pre",
        # The sdists' files are only read: list Django 6 from Python 3.10 too.
        "--ignore-requires-python",
    ]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if "No module named pip" in completed.stderr:
        raise PortError(f"pip is not installed for {sys.executable} (python -m pip is needed)")
    for line in completed.stdout.splitlines():
        if line.startswith("Available versions:"):
            return tuple(v.strip() for v in line.partition(":")[2].split(","))
    errors = [line for line in completed.stderr.splitlines() if line.startswith("ERROR")]
    reason = errors[-1] if errors else f"exit status {completed.returncode}"
    raise PortError(
        f"could not list Django's releases with `pip index versions Django` ({reason}); "
        "is PyPI reachable? (--old-sdist/--new-sdist and --no-snapshots work offline)"
    )


def resolve(requested: str, cache: Path, *, have_sdist: bool = False) -> Release:
    """The release a command-line version names.

    A series (``6.1``) is the release ``run_django_suite.py`` pins for it,
    else its newest release on PyPI (a pre-release if that is all there is).
    """
    match = VERSION_RE.fullmatch(requested)
    if not match:
        raise PortError(
            f"{requested!r} is not a Django version: give a series (6.1) "
            "or a release (6.1.3, 6.2a1)"
        )
    if (int(match["major"]), int(match["minor"])) < FIRST_RELEASE_WITH_TASKS:
        raise PortError(f"Django {requested} has no django/tasks/ (it is new in Django 6.0)")
    is_series = match["micro"] is None and match["pre"] is None
    pinned = run_django_suite.PINNED_RELEASES.get(requested) if is_series else None
    exact = pinned or (None if is_series else requested)
    if exact is not None and (have_sdist or _cached_sdist(exact, cache)):
        return Release(exact)
    # PyPI is asked first, so that an unknown release or no network is one
    # clear line rather than pip download's output.
    releases = pypi_releases()
    if exact is None:  # A series without a pin: its newest release.
        for version in releases:  # Newest first.
            found = VERSION_RE.fullmatch(version)
            if found and f"{found['major']}.{found['minor']}" == requested:
                return Release(version)
        raise PortError(
            f"Django {requested}: no release of that series on PyPI (newest: {releases[0]})"
        )
    for version in releases:
        if _canonical(version) == _canonical(exact):
            return Release(version)
    raise PortError(f"Django {exact} is not on PyPI (newest release: {releases[0]})")


def _cached_sdist(version: str, cache: Path) -> Path | None:
    path = cache / f"django-{version}.tar.gz"
    return path if path.is_file() else None


def fetch_sdist(release: Release, cache: Path) -> Path:
    """The release's sdist, downloaded into the suite runner's cache as it does."""
    # The runner reports progress on stdout; this script's stdout is the report.
    with contextlib.redirect_stdout(sys.stderr):
        try:
            return run_django_suite.download_sdist(release.version, cache)
        except SystemExit as exit:  # The runner's one-line error.
            raise PortError(str(exit.code).removeprefix("error: ")) from None


def read_trees(sdist: Path) -> dict[str, str]:
    """``{path: text}`` for the files of django/tasks/ and tests/tasks/ in the sdist."""
    files: dict[str, str] = {}
    try:
        with tarfile.open(sdist, "r:gz") as archive:
            for member in archive.getmembers():
                _, _, path = member.name.partition("/")  # Drop "django-6.1.3/".
                if not member.isfile() or not path.startswith((DJANGO_TREE, TESTS_TREE)):
                    continue
                if "__pycache__" in path.split("/"):
                    continue
                source = archive.extractfile(member)
                assert source is not None
                files[path] = source.read().decode("utf-8")
    except (OSError, tarfile.TarError, UnicodeDecodeError) as error:
        raise PortError(f"cannot read {sdist}: {error}") from None
    if not any(path.startswith(DJANGO_TREE) for path in files):
        raise PortError(f"{sdist} has no django/tasks/ (is it a Django >= 6.0 sdist?)")
    return files


# -- The source diff ----------------------------------------------------------------


def backport_module(django_path: str) -> str:
    """``django/tasks/backends/base.py`` -> ``django_tasks/_backport/backends/base.py``."""
    return "django_tasks/_backport/" + django_path.removeprefix(DJANGO_TREE)


def _classify(old: dict[str, str], new: dict[str, str], tree: str) -> dict[str, list[str]]:
    paths = sorted(p for p in old.keys() | new.keys() if p.startswith(tree))
    kinds: dict[str, list[str]] = {"changed": [], "added": [], "removed": [], "unchanged": []}
    for path in paths:
        if path not in old:
            kinds["added"].append(path)
        elif path not in new:
            kinds["removed"].append(path)
        elif old[path] != new[path]:
            kinds["changed"].append(path)
        else:
            kinds["unchanged"].append(path)
    return kinds


def _unified(old: Release, new: Release, path: str, a: str | None, b: str | None, n: int) -> str:
    lines = difflib.unified_diff(
        (a or "").splitlines(keepends=True),
        (b or "").splitlines(keepends=True),
        fromfile=f"{old.version}/{path}" if a is not None else "/dev/null",
        tofile=f"{new.version}/{path}" if b is not None else "/dev/null",
        n=n,
    )
    # A file without a final newline must not run into the next line.
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def source_report(
    old: Release,
    new: Release,
    old_files: dict[str, str],
    new_files: dict[str, str],
    backport_dir: Path,
    context: int,
) -> Iterator[str]:
    yield f"Porting django.tasks from Django {old.version} to Django {new.version}"
    yield ""
    trees = {tree: _classify(old_files, new_files, tree) for tree in (DJANGO_TREE, TESTS_TREE)}
    for tree, kinds in trees.items():
        counts = ", ".join(f"{len(paths)} {kind}" for kind, paths in kinds.items())
        yield f"{tree}: {counts}"
        for kind, paths in kinds.items():
            if paths:
                yield f"  {kind}: {', '.join(p.removeprefix(tree) for p in paths)}"
    django_modules = {p.removeprefix(DJANGO_TREE) for p in new_files if p.startswith(DJANGO_TREE)}
    if backport_dir.is_dir():
        extra = sorted(
            path.relative_to(backport_dir).as_posix()
            for path in backport_dir.rglob("*.py")
            if "__pycache__" not in path.parts
        )
        missing = sorted(m for m in django_modules if not (backport_dir / m).is_file())
        if missing:
            yield (
                f"django/tasks/ modules of {new.version} with no backport module in this "
                f"checkout ({backport_dir}): " + ", ".join(missing)
            )
        extra = [p for p in extra if p not in django_modules]
        if extra:
            yield (
                f"Backport modules with no django/tasks/ counterpart in {new.version}: "
                + ", ".join(extra)
            )
    else:
        yield f"note: {backport_dir} does not exist in this checkout"

    django_kinds, test_kinds = trees[DJANGO_TREE], trees[TESTS_TREE]
    for kind in ("changed", "added", "removed"):
        for path in django_kinds[kind]:
            yield from _heading(f"{backport_module(path)}  <-  {path}", kind, new)
            if not (backport_dir / path.removeprefix(DJANGO_TREE)).is_file():
                yield (
                    f"note: {backport_module(path)} does not exist in this checkout: "
                    "create it, or port this module elsewhere by hand"
                )
            yield _unified(old, new, path, old_files.get(path), new_files.get(path), context)
    for kind in ("changed", "added", "removed"):
        for path in test_kinds[kind]:
            title = f"{path}  (Django's test, run unedited by compat/run_django_suite.py)"
            yield from _heading(title, kind, new)
            yield _unified(old, new, path, old_files.get(path), new_files.get(path), context)


def _heading(title: str, kind: str, new: Release) -> Iterator[str]:
    yield ""
    yield RULE
    yield f"{title}  [{kind if kind == 'changed' else f'{kind} in {new.version}'}]"
    yield RULE


# -- The API snapshots ----------------------------------------------------------------


def take_snapshot(release: Release, cache: Path, *, regenerate: bool) -> tuple[Any, str]:
    """The release's snapshot and where it came from."""
    committed = snapshot.snapshot_path(release.series)
    if not regenerate and committed.is_file():
        data = snapshot.load(committed)
        if _canonical(data.get("django", "")) == _canonical(release.version):
            return data, str(committed.relative_to(REPOSITORY))
    generated = cache / "snapshots" / f"django-{release.version}.json"
    if not regenerate and generated.is_file():
        return snapshot.load(generated), str(generated)
    print(f"Taking the API snapshot of Django {release.version} in a virtualenv", file=sys.stderr)
    generated.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="port-snapshot-") as tmp:
        python = _virtualenv_with_django(Path(tmp) / "venv", release.version)
        output = Path(tmp) / "snapshot.json"
        _run(
            [python, str(COMPAT_DIR / "snapshot.py"), "django.tasks", "--output", str(output)],
            f"snapshot.py failed on Django {release.version}",
            cwd=tmp,
        )
        data = snapshot.load(output)
    if _canonical(data["django"]) != _canonical(release.version):
        raise PortError(f"the virtualenv has Django {data['django']}, not {release.version}")
    generated.write_text(snapshot.dumps(data), encoding="utf-8")
    return data, str(generated)


def _virtualenv_with_django(venv: Path, version: str) -> str:
    # Django 6 requires Python 3.12.
    if sys.version_info >= (3, 12):
        base = sys.executable
    else:
        found = shutil.which("python3.13") or shutil.which("python3.12")
        if not found:
            raise PortError(
                f"a snapshot of Django {version} needs Python >= 3.12: run port.py with it, "
                "put python3.12 on PATH, or pass --no-snapshots"
            )
        base = found
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    uv = shutil.which("uv")
    if uv:
        _run([uv, "venv", "--quiet", "--python", base, str(venv)], "uv venv failed")
        install = [uv, "pip", "install", "--quiet", "--python", str(python)]
    else:
        _run([base, "-m", "venv", str(venv)], "python -m venv failed")
        install = [str(python), "-m", "pip", "install", "--quiet"]
    _run([*install, f"Django=={version}"], f"could not install Django {version} from PyPI")
    return str(python)


def _run(command: Sequence[str], failure: str, cwd: str | None = None) -> None:
    completed = subprocess.run(command, capture_output=True, text=True, check=False, cwd=cwd)
    if completed.returncode:
        lines = [line for line in completed.stderr.splitlines() if line.strip()]
        raise PortError(f"{failure}: {lines[-1] if lines else completed.returncode}")


def _snapshot_module_file(module: str, files: dict[str, str]) -> str:
    """``django.tasks.backends`` -> ``django_tasks/_backport/backends/__init__.py``."""
    relative = module.removeprefix(snapshot.DJANGO_PACKAGE).strip(".").replace(".", "/")
    package = f"{DJANGO_TREE}{relative}/__init__.py".replace("//", "/")
    if package in files or not relative:
        return backport_module(package)
    return backport_module(f"{DJANGO_TREE}{relative}.py")


def snapshot_report(
    old: Release, new: Release, old_data: Any, new_data: Any, sources: tuple[str, str], files: Any
) -> Iterator[str]:
    yield ""
    yield RULE
    yield f"API snapshot differences (compat/snapshot.py), Django {old.version} -> {new.version}"
    yield f"  {old.version}: {sources[0]}"
    yield f"  {new.version}: {sources[1]}"
    yield RULE
    differences = snapshot_differences(old_data, new_data)
    if not differences:
        yield "No differences."
        return
    current = None
    for path, (before, after) in differences.items():
        module, _, rest = path.partition("/")
        if module != current:
            current = module
            yield ""
            yield f"{_snapshot_module_file(module, files)}  <-  {module}"
        yield f"  {rest or '(the module)'}"
        for line in _value_diff(_render(before), _render(after)):
            yield f"    {line}"


def snapshot_differences(old_data: Any, new_data: Any) -> dict[str, tuple[Any, Any]]:
    """``{path: (old, new)}``: snapshot.diff() both ways round.

    diff() compares Django's snapshot with the package's and passes over
    private members only the package has: with the new release in the
    package's place that would hide a new ``__reduce__``. Run the other way,
    the new release is the reference and nothing it adds is passed over.
    """
    forward = snapshot.diff(old_data, new_data)
    backward = snapshot.diff(new_data, old_data)
    differences = {path: (sides["django"], sides["backport"]) for path, sides in forward.items()}
    for path, sides in backward.items():
        differences.setdefault(path, (sides["backport"], sides["django"]))
    return dict(sorted(differences.items()))


def _value_diff(before: list[str], after: list[str]) -> Iterator[str]:
    """The changed lines of two rendered values, with one line of context."""
    for line in difflib.unified_diff(before, after, n=1, lineterm=""):
        if not line.startswith(("---", "+++", "@@")):
            yield line


def _render(value: Any, indent: str = "") -> list[str]:
    """A snapshot value as lines a reader can scan: one per field, parameter list inline."""
    if value == snapshot._MISSING:
        return [f"{indent}(none)"]
    if not isinstance(value, dict):
        return [f"{indent}{_compact(value)}"]
    lines = []
    for key, item in sorted(value.items()):
        if key == "signature" and isinstance(item, list):
            lines.append(f"{indent}signature: ({_signature(item)})")
        elif (
            isinstance(item, list)
            and item
            and all(isinstance(entry, dict) and "name" in entry for entry in item)
        ):
            lines.append(f"{indent}{key}:")
            for entry in item:
                rest = {k: v for k, v in entry.items() if k != "name"}
                lines.append(f"{indent}  {entry['name']}: {_compact(rest)}")
        elif isinstance(item, dict) and item:
            lines.append(f"{indent}{key}:")
            lines += _render(item, indent + "  ")
        else:
            lines.append(f"{indent}{key}: {_compact(item)}")
    return lines


def _signature(parameters: list[dict[str, Any]]) -> str:
    """``[{"name": "priority", "kind": "KEYWORD_ONLY", "default": 0}]`` -> ``*, priority=0``."""
    text: list[str] = []
    kinds = [parameter["kind"] for parameter in parameters]
    for index, parameter in enumerate(parameters):
        kind = kinds[index]
        if kind == "KEYWORD_ONLY" and "VAR_POSITIONAL" not in kinds[:index] and "*" not in text:
            text.append("*")
        prefix = {"VAR_POSITIONAL": "*", "VAR_KEYWORD": "**"}.get(kind, "")
        default = f"={_python(parameter['default'])}" if "default" in parameter else ""
        text.append(f"{prefix}{parameter['name']}{default}")
        if kind == "POSITIONAL_ONLY" and "POSITIONAL_ONLY" not in kinds[index + 1 :]:
            text.append("/")
    return ", ".join(text)


def _python(value: Any) -> str:
    """A default as Python spells it (None, not null); described objects as JSON."""
    return (
        repr(value)
        if value is None or isinstance(value, (bool, int, float, str))
        else _compact(value)
    )


def _compact(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


# -- The command ----------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", help="the release ported from: a series (6.0) or a release")
    parser.add_argument("new", help="the release to port: a series (6.1) or a release (6.2a1)")
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=Path(os.environ.get("DJANGO_TASKS_COMPAT_CACHE", run_django_suite.DEFAULT_CACHE)),
        help="where sdists and generated snapshots are kept (default: .cache/compat)",
    )
    parser.add_argument("--old-sdist", type=Path, help="use this sdist for OLD instead of pip")
    parser.add_argument("--new-sdist", type=Path, help="use this sdist for NEW instead of pip")
    parser.add_argument(
        "--backport-dir",
        type=Path,
        default=BACKPORT_DIR,
        help="the checkout's backport package (default: django_tasks/_backport)",
    )
    parser.add_argument("-U", "--context", type=int, default=3, help="diff context lines")
    parser.add_argument("--no-snapshots", action="store_true", help="skip the API snapshots")
    parser.add_argument(
        "--regenerate-snapshots",
        action="store_true",
        help="take both snapshots afresh in virtualenvs, ignoring committed and cached ones",
    )
    args = parser.parse_args(argv)
    try:
        report = list(build_report(args))
    except (PortError, OSError) as error:  # OSError: a cache or temporary dir unwritable.
        print(f"port.py: error: {error}", file=sys.stderr)
        return 1
    sys.stdout.write("\n".join(report).rstrip("\n") + "\n")
    return 0


def build_report(args: argparse.Namespace) -> Iterator[str]:
    cache: Path = args.cache_dir
    given = (args.old_sdist, args.new_sdist)
    for path in given:
        if path is not None and not path.is_file():
            raise PortError(f"no such sdist: {path}")
    old, new = (
        resolve(requested, cache, have_sdist=path is not None)
        for requested, path in zip((args.old, args.new), given, strict=True)
    )
    if _canonical(old.version) == _canonical(new.version) and given[0] == given[1]:
        raise PortError(f"OLD and NEW are the same release ({old.version}): nothing to port")
    sdists = [
        path or fetch_sdist(release, cache)
        for path, release in zip(given, (old, new), strict=True)
    ]
    old_files, new_files = (read_trees(sdist) for sdist in sdists)
    yield from source_report(old, new, old_files, new_files, args.backport_dir, args.context)
    if args.no_snapshots:
        return
    old_data, old_source = take_snapshot(old, cache, regenerate=args.regenerate_snapshots)
    new_data, new_source = take_snapshot(new, cache, regenerate=args.regenerate_snapshots)
    yield from snapshot_report(
        old, new, old_data, new_data, (old_source, new_source), {**old_files, **new_files}
    )


if __name__ == "__main__":
    sys.exit(main())
