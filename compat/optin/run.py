"""Prove ``django_tasks.optin`` with Django-6-only backends on Django 4.2-5.2.

    python compat/optin/run.py [--only SUITE ...] [--list]

Runs in the current environment (tox env ``optin-django52``), which must have
Django < 6, this package, pytest, pytest-django, pip, redis, celery,
django-stubs-ext and typing-extensions. Then, with real services on loopback:

1. downloads the pinned PyPI sdists into ``.cache/optin/sdists`` (once) and
   installs them with ``--no-deps`` (they declare ``Django>=6.0``);
2. starts ``redis-server`` on a free 127.0.0.1 port in a temporary directory
   (stopped by pid at the end, also on failure);
3. runs each suite in a fresh copy of the sdist under ``.cache/optin/work``:
   - django-tasks-redis: its own suite, unedited, against the real Redis; the
     sdist lacks the suite's settings, conftest, tasks, urls and backends
     modules, so ``support_redis/`` provides them (the settings module calls
     the opt-in, the documented place);
   - django-tasks-local: its own suite (it configures Django in the test
     module, so the opt-in comes from the pytest plugin, like a worker's
     entry point would);
   - huey: its ``django.tasks`` backend tests, with the backport-only fallback
     made unimportable so they must pass through huey's Django 6 branch;
   - celery: ``celery_project/``, our end-to-end test with a real Celery
     worker process (django-tasks-celery ships no tests);
   - probers: ``probers_project/``, django-tasks-db and django-ox with real
     ``db_worker`` / ``ox_worker`` processes.

Expected failures (third-party bugs) are listed in ``expected_failures.json``.
Exit status: 0 when every suite passed.
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CACHE = ROOT / ".cache" / "optin"
SDISTS = CACHE / "sdists"
WORK = CACHE / "work"
MANIFEST = HERE / "expected_failures.json"

# Pinned: a new release is a deliberate upgrade of this kit.
PACKAGES = {
    "django-tasks-redis": "0.4.0",
    "django-tasks-local": "2.0",
    "django-tasks-celery": "0.1.1",
    "django-tasks-db": "0.13.0",
    "django-ox": "1.9.1",
    "huey": "3.5.4",
}


@dataclass
class Suite:
    name: str
    # The sdist whose tree the suite runs in, or None for a project of ours.
    sdist: str | None
    cwd: Path | None = None
    args: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    support: Path | None = None  # files copied into the tree's tests/
    # The tree has no pytest configuration: give it an empty one, or pytest
    # would take this repository's (the work tree is below it).
    empty_ini: bool = False


SUITES = [
    Suite("django-tasks-redis", "django-tasks-redis", support=HERE / "support_redis"),
    Suite(
        "django-tasks-local",
        "django-tasks-local",
        args=["-p", "no:django"],
        env={"OPTIN_INSTALL": "1"},
    ),
    Suite(
        "huey",
        "huey",
        args=["-p", "no:django", "huey/tests/test_django_tasks.py"],
        env={"OPTIN_INSTALL": "1", "OPTIN_FORBID": "django_tasks.utils"},
        empty_ini=True,
    ),
    Suite("celery", None, cwd=HERE / "celery_project"),
    Suite("probers", None, cwd=HERE / "probers_project"),
]


def log(message: str) -> None:
    print(f"[optin] {message}", flush=True)


def sdist_path(name: str) -> Path:
    version = PACKAGES[name]
    matches = sorted(SDISTS.glob(f"{name.replace('-', '_')}-{version}.tar.gz"))
    matches += sorted(SDISTS.glob(f"{name}-{version}.tar.gz"))
    if not matches:
        raise FileNotFoundError(f"no sdist of {name} {version} in {SDISTS}")
    return matches[0]


def download() -> None:
    SDISTS.mkdir(parents=True, exist_ok=True)
    for name, version in PACKAGES.items():
        try:
            sdist_path(name)
        except FileNotFoundError:
            log(f"downloading {name}=={version}")
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                 "--no-binary", ":all:", "--dest", str(SDISTS), f"{name}=={version}"],
                check=True,
            )  # fmt: skip
            sdist_path(name)


def install() -> None:
    paths = [str(sdist_path(name)) for name in PACKAGES]
    # --no-deps: they require Django>=6.0, which is the point of the opt-in;
    # their other dependencies come from the tox env.
    uv = shutil.which("uv")
    if uv:
        command = [uv, "pip", "install", "--quiet", "--python", sys.executable, "--no-deps"]
    else:
        command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps"]
    log(f"installing {', '.join(f'{n}=={v}' for n, v in PACKAGES.items())} with --no-deps")
    subprocess.run([*command, *paths], check=True)


def extract(name: str) -> Path:
    target = WORK / name
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    with tarfile.open(sdist_path(name)) as archive:
        archive.extractall(target, filter="data")
    (tree,) = target.iterdir()
    return tree


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def redis_server() -> Iterator[str]:
    executable = shutil.which("redis-server")
    if executable is None:
        raise RuntimeError("redis-server not found: apt-get install -y redis-server")
    import redis  # type: ignore[import-not-found,unused-ignore]

    with tempfile.TemporaryDirectory(prefix="optin-redis-") as data:
        port = free_port()
        process = subprocess.Popen(
            [executable, "--port", str(port), "--bind", "127.0.0.1", "--dir", data,
             "--save", "", "--appendonly", "no", "--daemonize", "no"],
            stdout=open(Path(data, "redis.log"), "w"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        url = f"redis://127.0.0.1:{port}/0"
        try:
            client = redis.Redis.from_url(url)
            deadline = time.monotonic() + 15
            while True:
                try:
                    client.ping()
                    break
                except redis.ConnectionError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(
                            f"redis-server did not start: {Path(data, 'redis.log').read_text()}"
                        ) from None
                    time.sleep(0.1)
            client.close()
            log(f"redis-server pid {process.pid} on {url}")
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log(f"redis-server pid {process.pid} stopped")


def run_suite(suite: Suite, redis_url: str) -> int:
    if suite.sdist is not None:
        cwd = extract(suite.sdist)
        if suite.support is not None:
            for support_file in sorted(suite.support.glob("*.py")):
                if (cwd / "tests" / support_file.name).exists():
                    raise RuntimeError(f"the sdist now ships tests/{support_file.name}")
                shutil.copy(support_file, cwd / "tests" / support_file.name)
        if suite.empty_ini:
            (cwd / "pytest.ini").write_text("[pytest]\n")
    else:
        assert suite.cwd is not None
        cwd = suite.cwd
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH")])),
        "OPTIN_REDIS_URL": redis_url,
        "OPTIN_MANIFEST": str(MANIFEST),
        "OPTIN_SUITE": suite.name,
        **suite.env,
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    command = [sys.executable, "-m", "pytest", "-p", "pytest_optin", "-p", "no:cacheprovider",
               "-q", *suite.args]  # fmt: skip
    log(f"{suite.name}: {' '.join(command[1:])} (in {cwd})")
    started = time.monotonic()
    code = subprocess.run(command, cwd=cwd, env=env, timeout=900, check=False).returncode
    log(f"{suite.name}: exit {code} in {time.monotonic() - started:.0f}s")
    return code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", choices=[s.name for s in SUITES])
    args = parser.parse_args()

    import django

    if django.VERSION >= (6, 0):
        log(f"Django {django.get_version()} ships django.tasks: this kit needs Django < 6.")
        return 2
    download()
    install()
    suites = [s for s in SUITES if not args.only or s.name in args.only]
    results: dict[str, int] = {}
    with redis_server() as url:
        for suite in suites:
            results[suite.name] = run_suite(suite, url)
    for name, code in results.items():
        log(f"{'ok  ' if code == 0 else 'FAIL'} {name} (pytest exit {code})")
    failed = sum(code != 0 for code in results.values())
    print(f"optin: {len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
