"""Management commands run as real processes, and waiting on what they do."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
# Every wait is bounded: the kit never hangs CI.
STOP_TIMEOUT = 20.0


class Command:
    def __init__(self, args: list[str], log: Path) -> None:
        self.args = args
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def describe(self) -> str:
        assert self.process is not None
        state = "running" if self.process.poll() is None else f"exit {self.process.returncode}"
        output = self.log.read_text(errors="replace") if self.log.exists() else ""
        return f"--- manage.py {' '.join(self.args)} (pid {self.pid}, {state}):\n{output[-4000:]}"

    def start(self) -> None:
        with open(self.log, "wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "django", *self.args],
                cwd=HERE,
                env={**os.environ, "PYTHONPATH": str(HERE), "PYTHONUNBUFFERED": "1", "TZ": "UTC"},
                stdout=out,
                stderr=subprocess.STDOUT,
                # Its own session: a Ctrl-C in the terminal reaches it only
                # through stop(), which then waits for it.
                start_new_session=True,
            )

    def stop(self) -> int:
        """Stop it as a user does (Ctrl-C); kill it if it does not stop in time."""
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                pytest.fail(
                    f"did not stop within {STOP_TIMEOUT:.0f}s of SIGINT\n{self.describe()}"
                )
        return self.process.returncode


@contextmanager
def running(tmp_path: Path, *commands: list[str]) -> Iterator[list[Command]]:
    """Start each management command; on the way out, stop them all and check
    that each exited cleanly."""
    started = [Command(args, tmp_path / f"{args[0]}.log") for args in commands]
    with ExitStack() as stack:
        for command in started:
            command.start()
            stack.callback(command.stop)
        yield started
    for command in started:
        assert command.process is not None
        if command.process.returncode != 0:
            pytest.fail(f"exited with {command.process.returncode}\n{command.describe()}")


def wait_until(
    what: str,
    done: Callable[[], Any],
    commands: list[Command],
    timeout: float,
    state: Callable[[], str] = lambda: "",
) -> Any:
    """Poll ``done()`` until it returns something true; fail, with ``state()``
    and every command's output, when a command exits or the time is up."""
    deadline = time.monotonic() + timeout
    while True:
        value = done()
        if value:
            return value
        for command in commands:
            assert command.process is not None
            if command.process.poll() is not None:
                _fail(f"{what}: a process exited early", state, commands)
        if time.monotonic() > deadline:
            _fail(f"{what}: not within {timeout:.0f}s", state, commands)
        time.sleep(0.25)


def _fail(message: str, state: Callable[[], str], commands: list[Command]) -> None:
    details = [message, state(), *(command.describe() for command in commands)]
    pytest.fail("\n".join(filter(None, details)), pytrace=False)
