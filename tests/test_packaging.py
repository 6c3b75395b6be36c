"""The distribution's metadata agrees with the tox matrix and the README."""

from __future__ import annotations

import configparser
import re
from importlib.metadata import metadata, requires
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent


def tox_pairs() -> set[tuple[str, str]]:
    """(python, django) pairs in tox's env_list, e.g. ("3.12", "5.2")."""
    config = configparser.ConfigParser()
    config.read(ROOT / "tox.ini")
    pairs: set[tuple[str, str]] = set()
    for line in config["tox"]["env_list"].split("\n"):
        match = re.fullmatch(r"py(\d)(\d+)-django\{(.*)\}", line.strip())
        if match:
            python = f"{match[1]}.{match[2]}"
            for django in match[3].split(","):
                django = django.strip()
                pairs.add((python, f"{django[0]}.{django[1:]}"))
    return pairs


def classifier_versions(prefix: str) -> set[str]:
    classifiers = metadata("django-tasks").get_all("Classifier") or []
    return {c.removeprefix(prefix) for c in classifiers if re.fullmatch(rf"{prefix}\d+\.\d+", c)}


class MetadataTests(SimpleTestCase):
    def test_python_classifiers_match_tox(self) -> None:
        tested = {python for python, _ in tox_pairs()}
        self.assertEqual(classifier_versions("Programming Language :: Python :: "), tested)

    def test_django_classifiers_match_tox(self) -> None:
        tested = {django for _, django in tox_pairs()}
        self.assertEqual(classifier_versions("Framework :: Django :: "), tested)

    def test_staircase_pairs_are_the_ones_django_supports(self) -> None:
        supported = {
            "4.2": {"3.10", "3.11", "3.12"},
            "5.0": {"3.10", "3.11", "3.12"},
            "5.1": {"3.10", "3.11", "3.12", "3.13"},
            "5.2": {"3.10", "3.11", "3.12", "3.13", "3.14"},
            "6.0": {"3.12", "3.13", "3.14"},
            "6.1": {"3.12", "3.13", "3.14"},
        }
        expected = {(py, dj) for dj, pythons in supported.items() for py in pythons}
        self.assertEqual(tox_pairs(), expected)

    def test_readme_requirements_match(self) -> None:
        readme = (ROOT / "README.md").read_text()
        pythons = sorted(classifier_versions("Programming Language :: Python :: "))
        djangos = sorted(classifier_versions("Framework :: Django :: "))
        self.assertIn(f"Python {pythons[0]} to {pythons[-1]}.", readme)
        self.assertIn(f"Django {', '.join(djangos[:-1])} and {djangos[-1]}.", readme)

    def test_requires_python(self) -> None:
        self.assertEqual(metadata("django-tasks")["Requires-Python"], ">=3.10")

    def test_runtime_dependencies(self) -> None:
        self.assertEqual(
            sorted(requires("django-tasks") or []),
            ["Django>=4.2", 'typing-extensions>=4.6; python_version < "3.11"'],
        )


class SetUpCommandsTests(SimpleTestCase):
    """The README's two set-up commands, which must work on a stock Debian or Ubuntu.

    Their system Python is externally managed (PEP 668): ``pip install`` into it
    fails, so every package goes into a virtualenv the command creates.
    """

    def console_commands(self) -> list[str]:
        readme = (ROOT / "README.md").read_text()
        return re.findall(r"```console\n(.*?)\n```", readme, flags=re.DOTALL)

    def demo_command(self) -> str:
        return self.console_commands()[0]

    def readme_test_command(self) -> str:
        (command,) = [c for c in self.console_commands() if "tox" in c]
        return command

    def test_readme_demo_command(self) -> None:
        self.assertEqual(
            self.demo_command(),
            "python3 -m venv .venv && .venv/bin/pip install . "
            "&& .venv/bin/python -m django_tasks demo",
        )

    def test_readme_test_command_runs_tox_from_a_virtualenv(self) -> None:
        command = self.readme_test_command()
        self.assertIn(" && python3 -m venv .venv && .venv/bin/pip install tox tox-uv && ", command)
        self.assertTrue(command.endswith(' && PATH="$(.ci/pythons):$PATH" .venv/bin/tox'))
        self.assertTrue((ROOT / ".ci" / "pythons").is_file())

    def test_set_up_commands_leave_the_system_python_alone(self) -> None:
        for command in (self.demo_command(), self.readme_test_command()):
            with self.subTest(command=command):
                for step in command.split(" && "):
                    words = step.split()
                    self.assertNotIn("--break-system-packages", words)
                    self.assertNotIn("--user", words)
                    self.assertNotIn("sudo", words)
                    if any(re.fullmatch(r"(.*/)?pip3?", word) for word in words):
                        # "python3 -m pip", "pip" or "/usr/bin/pip3" is the system's.
                        self.assertEqual(words[0], ".venv/bin/pip", step)

    def test_ci_runs_the_readme_test_command(self) -> None:
        ci_lines = (ROOT / ".ci" / "run").read_text().splitlines()
        self.assertIn(self.readme_test_command(), ci_lines)

    def test_readme_is_at_most_150_lines(self) -> None:
        lines = (ROOT / "README.md").read_text().splitlines()
        self.assertLessEqual(len(lines), 150)

    def test_readme_links_to_files_that_exist(self) -> None:
        readme = (ROOT / "README.md").read_text()
        targets = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", readme)
        local = [t for t in targets if "://" not in t]
        self.assertIn("docs/index.md", local)
        for target in local:
            with self.subTest(target=target):
                self.assertTrue((ROOT / target).exists(), target)
