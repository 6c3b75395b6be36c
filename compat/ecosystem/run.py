"""Run the task ecosystem built on the older django-tasks backport against this package.

Usage (inside an environment where this package's wheel and Django are installed,
as tox's ecosystem-* environments do):

    python compat/ecosystem/run.py db --database sqlite     # django-tasks-db's suite
    python compat/ecosystem/run.py db --database postgres   # ... on a real PostgreSQL
    python compat/ecosystem/run.py rq                       # django-tasks-rq's suite, real Redis
    python compat/ecosystem/run.py e2e --backend db         # our worker-process test
    python compat/ecosystem/run.py e2e --backend rq
    python compat/ecosystem/run.py wagtail                  # our Wagtail project
    python compat/ecosystem/run.py resolve                  # pip/uv resolution next to our wheel
    python compat/ecosystem/run.py rewrite-local            # rewrite-imports proofs (rewrite/)
    python compat/ecosystem/run.py rewrite-sqs
    python compat/ecosystem/run.py rewrite-rq

The sdists are downloaded from PyPI at test time into .cache/ecosystem/ (never
committed), checked against pinned SHA-256 digests, installed with uv under a
constraint that pins django-tasks and Django to what is installed (so nothing
can replace this package with the older backport), and their own tests/tests.py
runs unedited next to harness files of ours (the sdists ship no settings).
PostgreSQL and Redis are Debian's binaries, started here on 127.0.0.1 with a
free port and a temporary data directory, and stopped by pid afterwards, also
on failure. Standard library only.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
CACHE = Path(os.environ.get("DJANGO_TASKS_ECOSYSTEM_CACHE", REPO / ".cache" / "ecosystem"))
HARNESS = HERE / "harness"
EXPECTED_FAILURES = HERE / "expected_failures.json"

# name: (version, sha256 of the sdist on PyPI)
SDISTS = {
    "django-tasks-db": (
        "0.13.0",
        "09630d417cf722b07e1439b837403e18e86455908ba532fa6795b0d23dc3ff23",
    ),
    "django-tasks-rq": (
        "0.12.0",
        "84020a65d7b92d867f28d3002b4a6b07514eeda99b880ad91bb041d63e2191e0",
    ),
    # Django-6-only backends, rewritten to django_tasks by rewrite-imports.
    "django-tasks-local": (
        "2.0",
        "23e7df79a4766cbb0a76d87a2b844ab4798fb5c22880454a0fcb6acd73c50869",
    ),
    "django-tasks-sqs": (
        "0.2.0",
        "2e3a059a45c3b890da76b1f4731d61f3c8095febb3f649387f8b75c5972c3be2",
    ),
}
# What each suite needs besides the package's own dependencies (its
# dependency-groups "dev"/"postgres", minus linters and type checkers).
TEST_REQUIREMENTS = {
    "django-tasks-db": ["dj-database-url", "psycopg[binary]"],
    "django-tasks-rq": [],
    "django-tasks-local": ["pytest"],
    # moto's in-process SQS; mypy_boto3_sqs is imported by its conftest.py.
    # asgiref < 3.11: the suite re-creates the backend registry's Local with
    # type(task_backends._connections)(), which asgiref 3.11 forbids (the
    # same failure on Django 6.1 with no django_tasks anywhere).
    "django-tasks-sqs": [
        "pytest",
        "pytest-django",
        "pytest-cov",
        "moto[sqs]",
        "boto3-stubs[sqs]",
        "asgiref<3.11",
    ],
}
REWRITE = HERE / "rewrite"
WAGTAIL = "wagtail==8.0.1"


class RunnerError(Exception):
    pass


def log(message: str) -> None:
    print(f"[ecosystem] {message}", flush=True)


# --- this package -----------------------------------------------------------


def our_distribution() -> tuple[str, str]:
    """(version, location) of the installed django-tasks, which must be ours."""
    import importlib.metadata

    try:
        dist = importlib.metadata.distribution("django-tasks")
    except importlib.metadata.PackageNotFoundError:
        raise RunnerError("django-tasks is not installed in this environment") from None
    files = [str(f) for f in dist.files or []]
    # The older backport has no _backport package: that is how we tell.
    if not any(f.startswith("django_tasks/_backport/") for f in files):
        raise RunnerError(
            f"the installed django-tasks {dist.version} is not this package "
            "(no django_tasks/_backport): something installed the older backport"
        )
    return dist.version, str(dist.locate_file("django_tasks"))


def installed_version(name: str) -> str:
    import importlib.metadata

    return importlib.metadata.version(name)


# --- sdists -----------------------------------------------------------------


def fetch_sdist(name: str) -> Path:
    version, sha256 = SDISTS[name]
    target_dir = CACHE / "sdists"
    target_dir.mkdir(parents=True, exist_ok=True)
    filename = f"{name.replace('-', '_')}-{version}.tar.gz"
    target = target_dir / filename
    if target.exists() and hashlib.sha256(target.read_bytes()).hexdigest() == sha256:
        return target
    log(f"downloading {filename} from PyPI")
    with urllib.request.urlopen(f"https://pypi.org/pypi/{name}/json", timeout=60) as response:
        release = json.load(response)["releases"][version]
    (url,) = [f["url"] for f in release if f["packagetype"] == "sdist"]
    # A PyPI mirror may give the file's address relative to the JSON's.
    url = urllib.parse.urljoin(f"https://pypi.org/pypi/{name}/json", url)
    with urllib.request.urlopen(url, timeout=120) as response:
        data = response.read()
    digest = hashlib.sha256(data).hexdigest()
    if digest != sha256:
        raise RunnerError(f"{filename}: sha256 {digest} does not match the pinned {sha256}")
    partial = target.with_suffix(".part")
    partial.write_bytes(data)
    partial.replace(target)
    return target


def uv_command() -> list[str]:
    try:
        import uv  # type: ignore[import-not-found]

        return [uv.find_uv_bin()]
    except ImportError:
        found = shutil.which("uv")
        if found is None:
            raise RunnerError("uv is needed (pip install uv)") from None
        return [found]


def uv_install(requirements: list[str], pins: str, *options: str) -> None:
    """``uv pip install`` into this environment under the constraints ``pins``."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as constraints:
        constraints.write(pins)
    try:
        command = [
            *uv_command(),
            "pip",
            "install",
            *options,
            "--python",
            sys.executable,
            "--constraint",
            constraints.name,
            *requirements,
        ]
        log(" ".join(command))
        subprocess.run(command, check=True)
    finally:
        os.unlink(constraints.name)


def install(requirements: list[str]) -> None:
    """Install ``requirements`` into this environment; django-tasks and Django
    stay exactly what is installed (a constraint, not --no-deps: the packages'
    own dependency declarations are resolved for real)."""
    version, location = our_distribution()
    pins = f"django-tasks=={version}\ndjango=={installed_version('django')}\n"
    # Worker processes the suites start must not compile every module first
    # (django-tasks-db's tests give a worker one second).
    uv_install(requirements, pins, "--compile-bytecode")
    after = our_distribution()
    if after != (version, location):
        raise RunnerError(f"installing {requirements} replaced django-tasks: {after}")


def prepare_workdir(name: str, tag: str) -> Path:
    """A directory holding the sdist's tests/ (unedited) and our harness files."""
    sdist = fetch_sdist(name)
    version, _ = SDISTS[name]
    workdir = CACHE / "work" / f"{name}-{version}-{tag}"
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    upstream: set[str] = set()
    with tarfile.open(sdist) as archive:
        for member in archive.getmembers():
            parts = Path(member.name).parts
            if len(parts) > 2 and parts[1] == "tests" and member.isfile():
                relative = Path(*parts[1:])
                extracted = archive.extractfile(member)
                assert extracted is not None
                (workdir / relative).parent.mkdir(parents=True, exist_ok=True)
                (workdir / relative).write_bytes(extracted.read())
                upstream.add(str(relative))
    if not upstream:
        raise RunnerError(f"{sdist.name} has no tests/ directory")
    harness = HARNESS / name.replace("-", "_")
    for path in sorted(harness.rglob("*")):
        if path.is_dir() or "__pycache__" in path.parts:
            continue
        relative = path.relative_to(harness)
        if str(relative) in upstream:
            raise RunnerError(f"harness file {relative} would replace the sdist's own")
        (workdir / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, workdir / relative)
    log(f"{name} {version}: upstream {sorted(upstream)} + harness in {workdir}")
    return workdir


# --- services ---------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(check: object, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        time.sleep(0.1)
    raise RunnerError(f"{what} did not start within {timeout} seconds")


def stop_pid(pid: int, sig: int = signal.SIGTERM, timeout: float = 20) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, sig)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            os.kill(pid, 0)  # Raises ProcessLookupError once it is gone.
            with contextlib.suppress(ChildProcessError):
                if os.waitpid(pid, os.WNOHANG)[0] == pid:
                    return
            time.sleep(0.1)
        log(f"pid {pid} ignored signal {sig}, killing it")
        os.kill(pid, signal.SIGKILL)


def _postgres_bindir() -> Path:
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/postgres"),
        key=lambda p: int(p.parent.parent.name),
    )
    if not candidates:
        raise RunnerError("PostgreSQL not found: apt-get install -y postgresql")
    return candidates[-1].parent


@contextlib.contextmanager
def postgresql() -> Iterator[str]:
    """A throwaway PostgreSQL server; yields its DATABASE_URL."""
    bindir = _postgres_bindir()
    as_user: list[str] = []
    datadir = Path(tempfile.mkdtemp(prefix="django-tasks-pg-"))
    if os.geteuid() == 0:
        # PostgreSQL refuses to run as root.
        shutil.chown(datadir, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    pid: int | None = None
    try:
        subprocess.run(
            [
                *as_user,
                bindir / "initdb",
                "-D",
                datadir,
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        process = subprocess.Popen(
            [
                *as_user,
                bindir / "postgres",
                "-D",
                datadir,
                "-p",
                str(port),
                "-k",
                datadir,
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "full_page_writes=off",
                "-c",
                "max_connections=200",
            ],
            stdout=subprocess.DEVNULL,
            stderr=open(datadir / "server.log", "wb"),  # noqa: SIM115
            start_new_session=True,
        )
        pidfile = datadir / "postmaster.pid"

        def ready() -> bool:
            if process.poll() is not None:
                raise RunnerError(f"postgres exited: {(datadir / 'server.log').read_text()}")
            return (
                pidfile.exists()
                and subprocess.run(
                    [bindir / "pg_isready", "-h", "127.0.0.1", "-p", str(port), "-q"]
                ).returncode
                == 0
            )

        wait_for(ready, "PostgreSQL")
        # The server's own pid (runuser's child), from its pid file.
        pid = int(pidfile.read_text().split()[0])
        log(f"PostgreSQL running, pid {pid}, port {port}, data {datadir}")
        yield f"postgres://postgres@127.0.0.1:{port}/postgres"
    finally:
        if pid is not None:
            # SIGINT: PostgreSQL's "fast" shutdown.
            stop_pid(pid, signal.SIGINT)
            log(f"PostgreSQL pid {pid} stopped")
        with contextlib.suppress(NameError):
            stop_pid(process.pid)
        shutil.rmtree(datadir, ignore_errors=True)


@contextlib.contextmanager
def redis() -> Iterator[int]:
    """A throwaway Redis server; yields its port."""
    executable = shutil.which("redis-server")
    if executable is None:
        raise RunnerError("redis-server not found: apt-get install -y redis-server")
    datadir = Path(tempfile.mkdtemp(prefix="django-tasks-redis-"))
    port = free_port()
    process = subprocess.Popen(
        [
            executable,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(datadir),
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "no",
            "--loglevel",
            "warning",
        ],
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:

        def ready() -> bool:
            if process.poll() is not None:
                raise RunnerError("redis-server exited")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                    sock.sendall(b"PING\r\n")
                    return sock.recv(16).startswith(b"+PONG")
            except OSError:
                return False

        wait_for(ready, "Redis")
        log(f"Redis running, pid {process.pid}, port {port}")
        yield port
    finally:
        stop_pid(process.pid)
        log(f"Redis pid {process.pid} stopped")
        shutil.rmtree(datadir, ignore_errors=True)


# --- running suites ---------------------------------------------------------

_FAILURE = re.compile(r"^(FAIL|ERROR|UNEXPECTED SUCCESS): (\w+) \(([\w.]+)\)", re.MULTILINE)


def failed_tests(output: str) -> set[str]:
    failed = set()
    for _, method, where in _FAILURE.findall(output):
        # Python >= 3.11 prints module.Class.method, 3.10 module.Class.
        failed.add(where if where.endswith(f".{method}") else f"{where}.{method}")
    return failed


def _manifest() -> dict[str, list[dict[str, str]]]:
    return json.loads(EXPECTED_FAILURES.read_text())  # type: ignore[no-any-return]


def expected_failures(suite: str, variant: str) -> dict[str, str]:
    expected: dict[str, str] = {}
    for entry in _manifest().get(suite, []):
        only = entry.get("only")
        # "only": a variant ("django61-postgres") or its Django part ("django61").
        if only is None or variant == only or variant.startswith(f"{only}-"):
            expected[entry["test"]] = entry["reason"]
    return expected


def timing_sensitive(suite: str) -> list[str]:
    """Test-id prefixes whose failures are retried (each entry has a reason)."""
    return [
        entry["tests"]
        for entry in _manifest().get("timing-sensitive", [])
        if entry["suite"] == suite
    ]


def _run_and_collect(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str]:
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    lines = []
    for line in process.stdout:
        sys.stdout.write(line)
        lines.append(line)
    return process.wait(), "".join(lines)


RETRIES = 2


def run_suite(
    suite: str,
    variant: str,
    command: list[str],
    cwd: Path,
    env: dict[str, str],
    rerun_command: list[str] | None = None,
) -> None:
    """Run a Django test-runner command, streaming its output, and compare
    its failures with the manifest: both unexpected failures and listed tests
    that now pass fail the run. Failures of tests the manifest marks as
    timing-sensitive are run again, alone, up to RETRIES times."""
    log(f"{suite} [{variant}]: {' '.join(command)}")
    returncode, output = _run_and_collect(command, cwd, env)
    failed = failed_tests(output)
    if returncode != 0 and not failed:
        raise RunnerError(f"{suite} [{variant}]: exited with {returncode}, no test failed")
    if "\nOK" not in output and not failed:
        raise RunnerError(f"{suite} [{variant}]: no test summary in the output")
    expected = expected_failures(suite, variant)
    prefixes = timing_sensitive(suite)
    retry = sorted(
        test
        for test in failed - set(expected)
        if any(test == p or test.startswith(p + ".") for p in prefixes)
    )
    for attempt in range(1, RETRIES + 1):
        if not retry:
            break
        log(f"{suite} [{variant}]: timing-sensitive failures, retry {attempt}: {retry}")
        _, output = _run_and_collect([*(rerun_command or command), *retry], cwd, env)
        still = failed_tests(output)
        if "\nOK" not in output and not still:
            raise RunnerError(f"{suite} [{variant}]: retry produced no test summary")
        passed = set(retry) - still
        for test in sorted(passed):
            log(f"flaky: {test} passed on retry {attempt}")
        failed -= passed
        retry = sorted(set(retry) & still)
    unexpected = sorted(failed - set(expected))
    fixed = sorted(set(expected) - failed)
    for test in sorted(failed & set(expected)):
        log(f"expected failure: {test} ({expected[test]})")
    if unexpected:
        raise RunnerError(f"{suite} [{variant}]: unexpected failures: {unexpected}")
    if fixed:
        raise RunnerError(f"{suite} [{variant}]: listed as failing but passed: {fixed}")
    log(f"{suite} [{variant}]: passed")


def django_tag() -> str:
    import django

    return "django{}{}".format(*django.VERSION[:2])


# --- commands ---------------------------------------------------------------


def command_db(database: str) -> None:
    import django

    name = "django-tasks-db"
    # [compat] pulls django-tasks on Django < 6; on Django 6 the package uses
    # django.tasks and must not need it (its compat extra also caps Django).
    extra = "[compat]" if django.VERSION < (6, 0) else ""
    install([f"{name}{extra} @ {fetch_sdist(name).as_uri()}", *TEST_REQUIREMENTS[name]])
    variant = f"{django_tag()}-{database}"
    workdir = prepare_workdir(name, variant)
    with contextlib.ExitStack() as stack:
        env: dict[str, str] = {}
        if database == "postgres":
            env["DATABASE_URL"] = stack.enter_context(postgresql())
        python = [sys.executable, "-m", "manage"]
        # As the upstream justfile's `test` recipe: check, migrations, tests.
        subprocess.run([*python, "check"], cwd=workdir, env={**os.environ, **env}, check=True)
        subprocess.run(
            [*python, "makemigrations", "--dry-run", "--check", "--noinput"],
            cwd=workdir,
            env={**os.environ, **env},
            check=True,
        )
        run_suite(
            name,
            variant,
            [*python, "test", "--shuffle", "--noinput", "-v", "2"],
            workdir,
            env,
            rerun_command=[*python, "test", "--noinput", "-v", "2"],
        )


def command_rq() -> None:
    name = "django-tasks-rq"
    install([f"{name} @ {fetch_sdist(name).as_uri()}", *TEST_REQUIREMENTS[name]])
    variant = django_tag()
    workdir = prepare_workdir(name, variant)
    with redis() as port:
        run_suite(
            name,
            variant,
            [sys.executable, "manage.py", "test", "--noinput", "-v", "2"],
            workdir,
            {"REDIS_PORT": str(port)},
        )


def command_e2e(backend: str) -> None:
    name = {"db": "django-tasks-db", "rq": "django-tasks-rq"}[backend]
    import django

    extra = "[compat]" if backend == "db" and django.VERSION < (6, 0) else ""
    install([f"{name}{extra} @ {fetch_sdist(name).as_uri()}", *TEST_REQUIREMENTS[name]])
    project = HERE / "e2e"
    with contextlib.ExitStack() as stack:
        env = {"E2E_BACKEND": backend}
        if backend == "rq":
            env["REDIS_PORT"] = str(stack.enter_context(redis()))
        else:
            tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            env["E2E_SQLITE"] = str(tmp / "e2e.sqlite3")
        run_suite(
            f"e2e-{backend}",
            django_tag(),
            [sys.executable, "-m", "unittest", "-v", "test_e2e"],
            project,
            env,
        )


def command_wagtail() -> None:
    install([WAGTAIL])
    run_suite(
        "wagtail",
        django_tag(),
        [sys.executable, "manage.py", "test", "--noinput", "-v", "2"],
        HERE / "wagtail_project",
        {},
    )


def command_resolve() -> None:
    """Resolve the real dependents together with our freshly built wheel: the
    resolver must keep our wheel (0.12.x satisfies ">=0.12.0" and "<0.13")
    and never pick the older backport from PyPI."""
    uv = uv_command()
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([*uv, "build", "--wheel", "-q", "-o", tmp, str(REPO)], check=True)
        (wheel,) = Path(tmp).glob("django_tasks-*.whl")
        version = wheel.name.split("-")[1]
        scenarios = {
            "Django 5.2 + wagtail, django-tasks-rq, django-tasks-db[compat]": [
                "django>=5.2,<6.0",
                WAGTAIL,
                "django-tasks-rq==" + SDISTS["django-tasks-rq"][0],
                "django-tasks-db[compat]==" + SDISTS["django-tasks-db"][0],
            ],
            "Django 6.1 + wagtail, django-tasks-rq": [
                "django>=6.1,<6.2",
                WAGTAIL,
                "django-tasks-rq==" + SDISTS["django-tasks-rq"][0],
            ],
            "Django 4.2 + django-tasks-rq": [
                "django>=4.2,<5.0",
                "django-tasks-rq==" + SDISTS["django-tasks-rq"][0],
            ],
        }
        for title, requirements in scenarios.items():
            requirements_file = Path(tmp) / "requirements.in"
            requirements_file.write_text(
                "\n".join([f"django-tasks @ {wheel.as_uri()}", *requirements]) + "\n"
            )
            result = subprocess.run(
                [
                    *uv,
                    "pip",
                    "compile",
                    "-q",
                    "--python-version",
                    "3.12",
                    "--no-header",
                    "--no-annotate",
                    str(requirements_file),
                ],
                check=True,
                capture_output=True,
                text=True,
            )
            pins = [
                line
                for line in result.stdout.splitlines()
                if re.match(r"django-tasks\b(?!-)", line.strip())
            ]
            if pins != [f"django-tasks @ {wheel.as_uri()}"]:
                raise RunnerError(f"{title}: django-tasks resolved to {pins}")
            log(f"resolve: {title}: django-tasks {version} from our wheel")
        # And the same through pip, the client most users have.
        pip_env = Path(tmp) / "pip-env"
        subprocess.run([*uv, "venv", "-q", "-p", sys.executable, str(pip_env)], check=True)
        subprocess.run(
            [*uv, "pip", "install", "-q", "--python", str(pip_env / "bin" / "python"), "pip"],
            check=True,
        )
        report_file = Path(tmp) / "report.json"
        subprocess.run(
            [
                pip_env / "bin" / "python",
                "-m",
                "pip",
                "install",
                "-q",
                "--dry-run",
                "--ignore-installed",
                "--report",
                report_file,
                str(wheel),
                "django>=5.2,<6.0",
                WAGTAIL,
                "django-tasks-db[compat]==0.13.0",
                "django-tasks-rq==" + SDISTS["django-tasks-rq"][0],
            ],
            check=True,
        )
        report = json.loads(report_file.read_text())
        chosen = [
            (item["metadata"]["version"], item["download_info"]["url"])
            for item in report["install"]
            if item["metadata"]["name"].lower() == "django-tasks"
        ]
        if chosen != [(version, wheel.as_uri())]:
            raise RunnerError(f"pip: django-tasks resolved to {chosen}")
        log(f"resolve: pip keeps django-tasks {version} from our wheel")


# --- rewrite-imports on real code ----------------------------------------------

_NOTE = re.compile(
    r"^(?P<path>[^\s:][^:]*\.(?:py|pyi|toml|cfg|txt)):(?P<line>\d+): (?P<message>.*)$"
)


def unpack_project(name: str, tag: str) -> Path:
    """The whole sdist (code, tests, packaging files) in a fresh directory."""
    sdist = fetch_sdist(name)
    version, _ = SDISTS[name]
    workdir = CACHE / "work" / f"{name}-{version}-rewrite-{tag}"
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    with tarfile.open(sdist) as archive:
        for member in archive.getmembers():
            parts = Path(member.name).parts
            if len(parts) > 1 and member.isfile():
                extracted = archive.extractfile(member)
                assert extracted is not None
                target = workdir.joinpath(*parts[1:])
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(extracted.read())
    return workdir


def run_rewrite(
    tool: list[str], workdir: Path, to: str, env: dict[str, str]
) -> list[tuple[str, int, str]]:
    """Run rewrite-imports on ``workdir``; its notes as (relative path, line, message)."""
    command = [*tool, "rewrite-imports", "--to", to, "."]
    log(f"rewrite: {' '.join(command)} (in {workdir})")
    result = subprocess.run(
        command, cwd=workdir, env={**os.environ, **env}, capture_output=True, text=True
    )
    sys.stdout.write(result.stdout)
    sys.stdout.write(result.stderr)
    if result.returncode != 0:
        raise RunnerError(f"rewrite-imports exited with {result.returncode}")
    notes = []
    for line in result.stderr.splitlines():
        match = _NOTE.match(line)
        if match:
            path = Path(match["path"])
            relative = (
                path.resolve().relative_to(workdir.resolve()) if path.is_absolute() else path
            )
            notes.append((str(relative), int(match["line"]), match["message"]))
    for path in workdir.rglob("*.py"):
        # The tool compiles what it writes; check it independently.
        compile(path.read_bytes(), str(path), "exec", dont_inherit=True)
    again = subprocess.run(
        [*tool, "rewrite-imports", "--to", to, "--check", "."],
        cwd=workdir,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )
    if again.returncode != 0:
        raise RunnerError(f"a second rewrite would change files again:\n{again.stderr}")
    return notes


def expect_notes(notes: list[tuple[str, int, str]], expected: list[tuple[str, str]]) -> None:
    """Each (file, message fragment) of ``expected`` must have been reported."""
    for path, fragment in expected:
        if not any(p == path and fragment in m for p, _, m in notes):
            raise RunnerError(f"rewrite-imports did not report {fragment!r} in {path}")
        log(f"reported as expected: {path}: ...{fragment}...")


def apply_edits(
    workdir: Path, notes: list[tuple[str, int, str]], edits_file: Path, stage: int = 1
) -> None:
    """Make the edits of ``edits_file``, each at a line rewrite-imports reported: what a
    user does after reading the report. An edit at an unreported line fails the run."""
    reported = {(path, line) for path, line, _ in notes}
    for edit in json.loads(edits_file.read_text())["edits"]:
        if edit.get("stage", 1) != stage:
            continue
        path, line = edit["file"], int(edit["line"])
        if (path, line) not in reported:
            raise RunnerError(f"edit at {path}:{line}, a line rewrite-imports did not report")
        target = workdir / path
        lines = target.read_text().splitlines(keepends=True)
        if edit["old"] not in lines[line - 1]:
            raise RunnerError(f"{path}:{line} does not contain {edit['old']!r}")
        lines[line - 1] = lines[line - 1].replace(edit["old"], edit["new"])
        target.write_text("".join(lines))
        log(f"edited {path}:{line} ({edit['why']})")


def run_pytest(suite: str, command: list[str], cwd: Path, env: dict[str, str]) -> None:
    log(f"{suite}: {' '.join(command)}")
    returncode, output = _run_and_collect(command, cwd, env)
    summary = re.search(r"=+ (.*(passed|failed|error).*) in [\d.]+s", output)
    if returncode != 0 or summary is None or re.search(r"\b(failed|error)", summary[1]):
        raise RunnerError(f"{suite}: pytest exited with {returncode}")
    log(f"{suite}: {summary[1]}")


def command_rewrite_to_package(name: str) -> None:
    """A Django-6-only backend rewritten --to django_tasks passes its own suite on
    Django 5.2, with django.tasks absent (no django_tasks.optin alias)."""
    import importlib.util

    import django

    if django.VERSION >= (6, 0):
        raise RunnerError("run this on Django < 6.0")
    our_distribution()
    if importlib.util.find_spec("django.tasks") is not None:
        raise RunnerError("django.tasks is importable: the proof needs it absent")
    workdir = unpack_project(name, django_tag())
    tool = [sys.executable, "-m", "django_tasks"]
    notes = run_rewrite(tool, workdir, "django_tasks", {})
    # The packaging: what made installing the rewritten package upgrade Django.
    expect_notes(
        notes,
        [
            ("pyproject.toml", "still requires Django 6"),
            ("pyproject.toml", "add a django-tasks requirement"),
        ],
    )
    apply_edits(workdir, notes, REWRITE / f"{name.replace('-', '_')}.json")
    # Installed from the rewritten tree: its declared requirements must now
    # resolve with Django 5.2 and this package (install() pins both).
    install([f"{name} @ {workdir.as_uri()}", *TEST_REQUIREMENTS[name]])
    env = {"PYTHONPATH": ""}
    if name == "django-tasks-sqs":
        # Its pyproject's pytest settings (pytest-django, coverage, -W error).
        run_pytest(name, [sys.executable, "-m", "pytest", "-p", "no:cacheprovider"], workdir, env)
    else:
        run_pytest(
            name, [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "tests"], workdir, env
        )
    if importlib.util.find_spec("django.tasks") is not None:
        raise RunnerError("django.tasks became importable during the run")


_TRACEBACK_BLOCK = re.compile(
    # A subtest's block has its parameters after the test id.
    # (and the first line of its docstring, under it, with -v 2).
    r"^(?:FAIL|ERROR): (\w+) \(([\w.]+)\)([^\n]*)\n.*?^-{20,}\n(.*?)(?=^={20,}$|^-{20,}\nRan )",
    re.MULTILINE | re.DOTALL,
)
_FRAME = re.compile(r'^\s*File "([^"]+)", line (\d+)', re.MULTILINE)


def failure_locations(output: str, workdir: Path) -> dict[str, set[tuple[str, int]]]:
    """Each failing test and the (relative path, line) of its traceback's frames in
    ``workdir``."""
    root = workdir.resolve()

    def frames(traceback: str) -> set[tuple[str, int]]:
        found = set()
        for path, line in _FRAME.findall(traceback):
            resolved = (root / path).resolve() if not Path(path).is_absolute() else Path(path)
            if resolved.is_relative_to(root):
                found.add((str(resolved.relative_to(root)), int(line)))
        return found

    if not re.search(r"^Ran \d+ tests?", output, re.MULTILINE):
        # The run stopped before any test (an import error): one failure
        # for the whole suite, at the frames of its traceback.
        return (
            {"(the whole suite, before any test ran)": frames(output)}
            if "Traceback" in output
            else {}
        )
    failures: dict[str, set[tuple[str, int]]] = {}
    for method, where, subtest, traceback in _TRACEBACK_BLOCK.findall(output):
        test = where if where.endswith(f".{method}") else f"{where}.{method}"
        failures[f"{test}{subtest}"] = frames(traceback)
    # Every failure the runner counted must have been read: none hides.
    counted = re.search(r"^FAILED \((.*)\)$", output, re.MULTILINE)
    total = (
        sum(int(n) for n in re.findall(r"(?:failures|errors)=(\d+)", counted[1])) if counted else 0
    )
    if total != len(failures):
        raise RunnerError(f"read {len(failures)} failure tracebacks, the runner counted {total}")
    return failures


def command_rewrite_to_builtin() -> None:
    """django-tasks-rq rewritten --to django.tasks, on Django 6.1 without django-tasks:
    every failure of its suite is at a line rewrite-imports reported; with the reported
    edits made, the suite passes."""
    import importlib.util

    import django
    import tomllib

    name = "django-tasks-rq"
    if django.VERSION < (6, 0):
        raise RunnerError("run this on Django >= 6.0")
    if importlib.util.find_spec("django_tasks") is not None:
        raise RunnerError("django_tasks is importable: the proof needs it uninstalled")
    variant = django_tag()
    workdir = unpack_project(name, variant)
    # The suite's settings and tasks, as the rq suite runs them; the Redis shim
    # (fakeredis/) goes on PYTHONPATH, outside the project that gets built.
    harness = HARNESS / name.replace("-", "_")
    shims = workdir.with_name(workdir.name + "-shims")
    shutil.rmtree(shims, ignore_errors=True)
    for path in sorted(harness.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        relative = path.relative_to(harness)
        target = (shims if relative.parts[0] == "fakeredis" else workdir) / relative
        if target.exists():
            raise RunnerError(f"harness file {target} would replace the sdist's own")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    with tempfile.TemporaryDirectory() as tmp:
        # The tool from our built wheel, on sys.path of its own process only:
        # this environment never has django_tasks installed.
        subprocess.run([*uv_command(), "build", "--wheel", "-q", "-o", tmp, str(REPO)], check=True)
        (wheel,) = Path(tmp).glob("django_tasks-*.whl")
        tool_path = Path(tmp) / "tool"
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(tool_path)
        notes = run_rewrite(
            [sys.executable, "-m", "django_tasks"],
            workdir,
            "django.tasks",
            {"PYTHONPATH": str(tool_path)},
        )
    expect_notes(
        notes,
        [
            ("pyproject.toml", "drop the django-tasks requirement"),
            ("pyproject.toml", "require Django>=6.0"),
            ("tests/tests.py", 'logger "django_tasks"'),
        ],
    )
    reported = {(path, line) for path, line, _ in notes}
    # Its other requirements, without the django-tasks one the tool reported.
    dependencies = [
        requirement
        for requirement in tomllib.loads((workdir / "pyproject.toml").read_text())["project"][
            "dependencies"
        ]
        if not re.match(r"django[-_]tasks\b", requirement, re.IGNORECASE)
    ]
    install_without_package(dependencies)
    # The package itself (its __init__ reads its own version from its metadata),
    # without the requirements it declares: those are installed above.
    install_without_package(["--no-deps", f"{name} @ {workdir.as_uri()}"])
    with redis() as port:
        env = {"REDIS_PORT": str(port), "PYTHONPATH": str(shims)}
        command = [sys.executable, "manage.py", "test", "--noinput", "-v", "2"]
        edits_file = REWRITE / "django_tasks_rq.json"
        stages = sorted({edit["stage"] for edit in json.loads(edits_file.read_text())["edits"]})
        # Stage by stage, as a user works through the report: the package's own
        # code first (until it imports, nothing else can fail), then its tests.
        for stage in stages:
            log(f"{name} [{variant}] before the stage {stage} edits: {' '.join(command)}")
            _, output = _run_and_collect(command, workdir, env)
            failures = failure_locations(output, workdir)
            if not failures:
                raise RunnerError(f"no failures before the stage {stage} edits")
            for test, frames in sorted(failures.items()):
                hit = sorted(frames & reported)
                if not hit:
                    raise RunnerError(
                        f"{test} failed at {sorted(frames)}, no line the tool reported"
                    )
                log(f"failure at a reported line: {test} at {hit}")
            apply_edits(workdir, notes, edits_file, stage)
        # The edited packaging installs on Django 6.1 without django-tasks.
        install_without_package([f"{name} @ {workdir.as_uri()}"])
        log(f"{name} [{variant}] with the reported edits: {' '.join(command)}")
        returncode, output = _run_and_collect(command, workdir, env)
        ran = re.search(r"^Ran (\d+) tests?", output, re.MULTILINE)
        if returncode != 0 or "\nOK" not in output or ran is None:
            raise RunnerError(f"{name}: the suite failed after the reported edits")
        if int(ran[1]) != RQ_TESTS:
            raise RunnerError(f"{name}: ran {ran[1]} tests, expected {RQ_TESTS}")
        log(f"{name} [{variant}] with the reported edits: {ran[1]}/{RQ_TESTS} passed")
    if importlib.util.find_spec("django_tasks") is not None:
        raise RunnerError("something installed django_tasks during the run")


# django-tasks-rq 0.12.0's tests/tests.py.
RQ_TESTS = 29


def install_without_package(requirements: list[str]) -> None:
    """Install ``requirements`` with Django pinned to what is installed; django-tasks
    must stay uninstalled."""
    uv_install(requirements, f"django=={installed_version('django')}\n")
    import importlib.metadata

    try:
        version = importlib.metadata.version("django-tasks")
    except importlib.metadata.PackageNotFoundError:
        return
    raise RunnerError(f"installing {requirements} installed django-tasks {version}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    db = commands.add_parser("db", help="django-tasks-db's test suite")
    db.add_argument("--database", choices=["sqlite", "postgres"], required=True)
    commands.add_parser("rq", help="django-tasks-rq's test suite against a real Redis")
    e2e = commands.add_parser("e2e", help="our end-to-end test with the backend's worker")
    e2e.add_argument("--backend", choices=["db", "rq"], required=True)
    commands.add_parser("wagtail", help="our Wagtail 8 project")
    commands.add_parser("resolve", help="resolve the dependents next to our built wheel")
    commands.add_parser("rewrite-local", help="django-tasks-local rewritten to django_tasks")
    commands.add_parser("rewrite-sqs", help="django-tasks-sqs rewritten to django_tasks")
    commands.add_parser("rewrite-rq", help="django-tasks-rq rewritten to django.tasks")
    args = parser.parse_args(argv)
    try:
        if args.command == "db":
            command_db(args.database)
        elif args.command == "rq":
            command_rq()
        elif args.command == "e2e":
            command_e2e(args.backend)
        elif args.command == "wagtail":
            command_wagtail()
        elif args.command == "rewrite-local":
            command_rewrite_to_package("django-tasks-local")
        elif args.command == "rewrite-sqs":
            command_rewrite_to_package("django-tasks-sqs")
        elif args.command == "rewrite-rq":
            command_rewrite_to_builtin()
        else:
            command_resolve()
    except (RunnerError, subprocess.CalledProcessError) as e:
        log(f"FAILED: {e}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
