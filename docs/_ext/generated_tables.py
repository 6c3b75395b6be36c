"""Tables generated at build time from the data the tests use, never pasted.

- ``{bad-input-table}``: the bad-input table, from ``CASES`` in
  ``tests/test_bad_input.py`` (the table the test suite runs).
- ``{django-python-matrix}``: the Django x Python pairs, from tox.ini's env_list.
- ``{ecosystem-packages}`` / ``{optin-packages}``: the third-party packages, their
  pinned versions, the tox environments that run them and how, from
  ``compat/ecosystem/`` and ``compat/optin/`` (runners, READMEs, expected failures).
- ``{scheduling-packages}``: the scheduling packages, from ``compat/scheduling/``.
- ``{tox-environments}``: every tox environment with its description, from tox.ini.
- ``{cli-help}``: ``python -m django_tasks [COMMAND] --help`` of the installed package.

Each directive renders Markdown that MyST parses in place.
"""

from __future__ import annotations

import ast
import configparser
import itertools
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

REPO = Path(__file__).resolve().parents[2]


# tox.ini


def expand(pattern: str) -> list[str]:
    """Expand tox's brace groups: "py3{12,13}-a" -> ["py312-a", "py313-a"]."""
    parts = re.split(r"\{([^}]*)\}", pattern.strip())
    choices = [
        [c.strip() for c in part.split(",")] if index % 2 else [part]
        for index, part in enumerate(parts)
    ]
    return ["".join(combination) for combination in itertools.product(*choices)]


def tox_config() -> configparser.ConfigParser:
    config = configparser.ConfigParser(interpolation=None)
    config.read(REPO / "tox.ini")
    return config


def tox_envs() -> list[str]:
    lines = tox_config()["tox"]["env_list"].splitlines()
    return [env for line in lines if line.strip() for env in expand(line)]


def tox_description(env: str) -> str:
    config = tox_config()
    for section in config.sections():
        if section.startswith("testenv:") and env in expand(section.removeprefix("testenv:")):
            description = config[section].get("description")
            if description:
                return " ".join(description.split())
    return " ".join(config["testenv"]["description"].split())


def dotted(factor: str) -> str:
    """ "312" -> "3.12", "61" -> "6.1"."""
    return f"{factor[0]}.{factor[1:]}"


def djangos_of(prefix: str) -> list[str]:
    """The Djangos of the envs named ``<prefix>-django<XY>``, in env_list order."""
    found = [re.fullmatch(rf"{re.escape(prefix)}-django(\d+)", env) for env in tox_envs()]
    return sorted({dotted(m[1]) for m in found if m}, key=lambda v: tuple(map(int, v.split("."))))


# compat/


def module_constant(path: Path, name: str) -> Any:
    """A literal assigned at the top level of a script, read without running it."""
    for node in ast.parse(path.read_text()).body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Name) and target.id == name:
                assert node.value is not None
                return ast.literal_eval(node.value)
    raise LookupError(f"{path.relative_to(REPO)} assigns no {name}")


def readme_rows(path: Path) -> list[list[str]]:
    """The body rows of the first Markdown table in a README."""
    rows = []
    for line in path.read_text().splitlines():
        if not line.startswith("|"):
            if rows:
                break
        elif not re.fullmatch(r"[|\s:-]+", line):  # not the separator row
            cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
            rows.append([cell.strip() for cell in cells])
    return rows[1:]


def expected_failures(path: Path, key: str | None = None) -> list[dict[str, Any]]:
    data = json.loads(path.read_text())
    entries = data.get(key, []) if key else data["expected_failures"]
    return list(entries)


def failures_cell(entries: list[dict[str, Any]]) -> str:
    if not entries:
        return "none"
    described = []
    for entry in entries:
        test = entry["test"].rsplit(".", 1)[-1].rsplit("::", 1)[-1]
        only = entry.get("only") or entry.get("django")
        described.append(f"`{test}`" + (f" ({only})" if only else ""))
    return f"{len(entries)}: " + ", ".join(described) + " (the package's own bug)"


def cell(text: str) -> str:
    # A pipe ends a table cell unless escaped; the compat READMEs escape theirs.
    return re.sub(r"(?<!\\)\|", r"\\|", " ".join(text.split()))


# The tables.


def django_python_matrix() -> str:
    pairs = set()
    for env in tox_envs():
        match = re.fullmatch(r"py(\d+)-django(\d+)", env)
        if match:
            pairs.add((dotted(match[1]), dotted(match[2])))

    def key(version: str) -> tuple[int, ...]:
        return tuple(map(int, version.split(".")))

    pythons = sorted({p for p, _ in pairs}, key=key)
    djangos = sorted({d for _, d in pairs}, key=key)
    suites = set(djangos_of("compat"))
    differential = set(djangos_of("differential"))
    rows = [
        "| Django | " + " | ".join(f"Python {p}" for p in pythons) + " | Django's own tests "
        "| Differential tests |",
        "| --- |" + " :-: |" * len(pythons) + " :-: | :-: |",
    ]
    for django in djangos:
        marks = [
            f"`py{p.replace('.', '')}-django{django.replace('.', '')}`"
            if (p, django) in pairs
            else ""
            for p in pythons
        ]
        own = f"`compat-django{django.replace('.', '')}`" if django in suites else ""
        diff = f"`differential-django{django.replace('.', '')}`" if django in differential else ""
        rows.append(f"| {django} | " + " | ".join(marks) + f" | {own} | {diff} |")
    return "\n".join(rows)


def ecosystem_packages() -> str:
    runner = REPO / "compat" / "ecosystem" / "run.py"
    sdists: dict[str, tuple[str, str]] = module_constant(runner, "SDISTS")
    wagtail: str = module_constant(runner, "WAGTAIL")
    failures = REPO / "compat" / "ecosystem" / "expected_failures.json"
    how = readme_rows(REPO / "compat" / "ecosystem" / "README.md")
    rows = [
        "| Package | Version | Django | tox environments | What runs | Expected failures |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    factors = sorted(
        {m[1] for env in tox_envs() if (m := re.fullmatch(r"ecosystem-(\w+)-django\d+", env))}
    )
    for factor in factors:
        matches = [name for name in sdists if name.endswith(f"-{factor}")]
        if matches:
            (name,) = matches
            version = sdists[name][0]
        else:
            name, _, version = wagtail.partition("==")
        runs = [
            f"{cmd}: {text}"
            for cmd, text in how
            if re.match(rf"`?(e2e.*)?{factor}\b", cmd) or re.search(rf"\b{factor}\b", cmd)
        ]
        entries = (
            expected_failures(failures, name) if name in json.loads(failures.read_text()) else []
        )
        djangos = djangos_of(f"ecosystem-{factor}")
        envs = ", ".join(f"`ecosystem-{factor}-django{d.replace('.', '')}`" for d in djangos)
        rows.append(
            f"| {name} | {version} | {', '.join(djangos)} | {envs} | "
            f"{cell('; '.join(runs))} | {cell(failures_cell(entries))} |"
        )
    return "\n".join(rows)


def optin_packages() -> str:
    runner = REPO / "compat" / "optin" / "run.py"
    packages: dict[str, str] = module_constant(runner, "PACKAGES")
    suites = readme_rows(REPO / "compat" / "optin" / "README.md")
    failures = expected_failures(REPO / "compat" / "optin" / "expected_failures.json")
    envs = [env for env in tox_envs() if env.startswith("optin-")]
    rows = [
        "| Package | Version | tox environments | What runs | Expected failures |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, version in packages.items():
        suite = (
            next((s for s in suites if s[0].strip("`") == name), None)
            or next((s for s in suites if name in s[1]), None)
            or next((s for s in suites if s[0].strip("`") in name), None)
        )
        runs = (
            f"{suite[1]} (opt-in called in {suite[2]})" if suite else "installed with the others"
        )
        mine = [
            f for f in failures if f.get("suite") in (name, suite[0].strip("`") if suite else None)
        ]
        rows.append(
            f"| {name} | {version} | {', '.join(f'`{e}`' for e in envs)} | {cell(runs)} | "
            f"{cell(failures_cell(mine))} |"
        )
    return "\n".join(rows)


def scheduling_packages() -> str:
    """The scheduling kit's suites: each tox section that runs compat/scheduling/run.py."""
    runner = REPO / "compat" / "scheduling" / "run.py"
    suites: dict[str, dict[str, str]] = module_constant(runner, "SUITES")
    described = {row[0].strip("`"): row for row in readme_rows(runner.parent / "README.md")}
    config = tox_config()
    rows = [
        "| Packages | tox environment | Python | What runs |",
        "| --- | --- | --- | --- |",
    ]
    for section in config.sections():
        commands = config[section].get("commands", "")
        match = re.search(r"compat/scheduling/run\.py (\S+)", commands)
        if not section.startswith("testenv:") or not match:
            continue
        env = section.removeprefix("testenv:")
        packages = ", ".join(f"{name} {version}" for name, version in suites[match[1]].items())
        _, python, what = described.get(env, ["", "", ""])
        rows.append(f"| {packages} | `{env}` | {python} | {cell(what)} |")
    return "\n".join(rows)


def tox_environments() -> str:
    rows = ["| Environment | What it does |", "| --- | --- |"]
    rows += [f"| `{env}` | {cell(tox_description(env))} |" for env in tox_envs()]
    return "\n".join(rows)


def bad_input_table() -> str:
    import test_bad_input

    # The table names the example's own module "myapp", as a user's would be.
    return test_bad_input.readme_table().replace(f"{test_bad_input.__name__}.", "myapp.")


class CliHelp(SphinxDirective):
    """``python -m django_tasks [COMMAND] --help``, as the installed package prints it."""

    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        command = [sys.executable, "-m", "django_tasks", *self.arguments, "--help"]
        # argparse wraps to COLUMNS; a fixed width keeps the page the same everywhere.
        env = {**os.environ, "COLUMNS": "88"}
        output = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
        shown = "$ python -m django_tasks " + " ".join([*self.arguments, "--help"])
        block = nodes.literal_block(text=f"{shown}\n{output.stdout.rstrip()}", language="text")
        return [block]


class GeneratedTable(SphinxDirective):
    generate: Any = None
    sources: tuple[str, ...] = ()

    def run(self) -> list[nodes.Node]:
        for source in self.sources:
            self.env.note_dependency(str(REPO / source))
        container = nodes.container()
        text = type(self).generate()
        self.state.nested_parse(
            StringList(text.splitlines(), source=self.sources[0]), 0, container
        )
        return container.children


def table(generate: Any, *sources: str) -> type[GeneratedTable]:
    return type(
        generate.__name__,
        (GeneratedTable,),
        {"generate": staticmethod(generate), "sources": sources},
    )


def setup(app: Any) -> dict[str, Any]:
    app.add_directive("bad-input-table", table(bad_input_table, "tests/test_bad_input.py"))
    app.add_directive("django-python-matrix", table(django_python_matrix, "tox.ini"))
    app.add_directive(
        "ecosystem-packages",
        table(
            ecosystem_packages,
            "compat/ecosystem/run.py",
            "compat/ecosystem/README.md",
            "compat/ecosystem/expected_failures.json",
            "tox.ini",
        ),
    )
    app.add_directive(
        "optin-packages",
        table(
            optin_packages,
            "compat/optin/run.py",
            "compat/optin/README.md",
            "compat/optin/expected_failures.json",
            "tox.ini",
        ),
    )
    app.add_directive(
        "scheduling-packages",
        table(
            scheduling_packages,
            "compat/scheduling/run.py",
            "compat/scheduling/README.md",
            "tox.ini",
        ),
    )
    app.add_directive("tox-environments", table(tox_environments, "tox.ini"))
    app.add_directive("cli-help", CliHelp)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
