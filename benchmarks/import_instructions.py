"""Count the instructions importing the package costs (valgrind): a number noise does not move.

    python benchmarks/import_instructions.py    # needs valgrind (apt-get install valgrind)

Import times vary by ±20% from process to process on a shared machine, so
``run.py`` needs many processes to tell a change of a few percent. The count of
instructions the CPU executes for the import (valgrind's callgrind, the hash
seed fixed, the garbage collector off) is the same from run to run in one
checkout (it shifts by about 1% with the paths involved): it shows a change of a
fraction of a percent in one run, which makes it the measure to work on import
cost with. It leaves out what instructions do not show (system
calls, cache misses), so ``run.py``'s timed ratio stays the one the target is
checked against.

Uses the two environments of ``run.py`` (built or refreshed the same way). Each
count is the difference between a process that only sets Django up and one
that also imports the package, each run under callgrind.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

from run import BUILTIN, DEFAULT_CACHE, OURS, build, clean_env, environments

HERE = Path(__file__).resolve().parent

# The worker's own set-up (the same settings and imports as the timed import
# workload), then the import when asked for.
PROGRAM = """
import gc, importlib, sys
gc.disable()
sys.path.insert(0, {here!r})
import _worker
_worker.configure({impl!r}, "immediate")
if {with_import!r}:
    importlib.import_module(_worker.PACKAGES[{impl!r}])
"""


def program(impl: str, *, with_import: bool) -> str:
    return PROGRAM.format(here=str(HERE), impl=impl, with_import=with_import)


def instructions(python: Path, impl: str, *, with_import: bool, env: dict[str, str]) -> int:
    callgrind = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
    completed = subprocess.run(
        [*callgrind, str(python), "-c", program(impl, with_import=with_import)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    found = re.search(r"Collected : (\d+)", completed.stderr)
    if completed.returncode != 0 or found is None:
        raise SystemExit(f"valgrind failed for {impl}:\n{completed.stderr[-2000:]}")
    return int(found.group(1))


def import_instructions(python: Path, impl: str) -> int:
    env = clean_env()
    env["PYTHONHASHSEED"] = "0"
    # Writes the bytecode caches first: compiling is no part of an import's cost.
    subprocess.run([str(python), "-c", program(impl, with_import=True)], env=env, check=True)
    setup_only = instructions(python, impl, with_import=False, env=env)
    return instructions(python, impl, with_import=True, env=env) - setup_only


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--ours-django", default="Django>=5.2,<6.0")
    parser.add_argument("--builtin-django", default="Django>=6.1,<6.2")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        parser.error("valgrind is not installed (apt-get install valgrind)")

    counts = {}
    for environment in environments(args.ours_django, args.builtin_django):
        python = build(environment, args.python, DEFAULT_CACHE, rebuild=False)
        counts[environment.key] = import_instructions(python, environment.key)

    ratio = counts[BUILTIN] / counts[OURS]
    print("| Workload | Built-in (6.1) | Ours (5.2) | Built-in / ours |")
    print("|---|--:|--:|--:|")
    print(
        f"| instructions to import after django.setup() | {counts[BUILTIN] / 1e6:.2f} M | "
        f"{counts[OURS] / 1e6:.2f} M | {ratio:.3f}x |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
