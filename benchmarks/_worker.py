"""One benchmark measurement in a fresh process; run by ``run.py`` inside an environment.

    python benchmarks/_worker.py --impl ours --workload dummy_enqueue --number 2000 --repeat 5

``--impl ours`` measures ``django_tasks`` (the backport, on Django < 6);
``--impl builtin`` measures ``django.tasks`` (Django >= 6). Prints one JSON
object: the measured value (seconds per operation, or bytes per stored result)
and the environment it came from.

A timed workload runs ``--repeat`` batches and reports the fastest: what the
code costs. Slower batches are slower because of the machine (other processes,
a busy neighbour on a virtual machine, which can slow a whole batch by half),
as ``timeit``'s documentation explains for its own repeats.
"""

import argparse
import gc
import importlib
import json
import logging
import os
import platform
import random
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

# CPU time of this process by default: on a shared machine (CI, a laptop with
# other work) it is what the code costs, without the time spent descheduled.
clock = time.process_time

BACKENDS = {
    "ours": "django_tasks.backends.{module}.{cls}",
    "builtin": "django.tasks.backends.{module}.{cls}",
}
PACKAGES = {"ours": "django_tasks", "builtin": "django.tasks"}


# On top of Django's default LOGGING: "django.tasks" creates no INFO records.
QUIET_TASK_LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "loggers": {"django.tasks": {"level": "WARNING"}},
}


def configure(impl: str, backend: str, *, quiet_task_logging: bool = False) -> None:
    import django
    from django.conf import settings

    module, cls = {
        "immediate": ("immediate", "ImmediateBackend"),
        "dummy": ("dummy", "DummyBackend"),
    }[backend]
    # Django's default LOGGING stays on: the "django.tasks" records are part
    # of the work (but for the workload that measures their share).
    settings.configure(
        DEBUG=False,
        USE_TZ=True,
        INSTALLED_APPS=[],
        TASKS={"default": {"BACKEND": BACKENDS[impl].format(module=module, cls=cls)}},
        LOGGING=QUIET_TASK_LOGGING if quiet_task_logging else {},
    )
    django.setup()
    if impl == "builtin" and django.VERSION < (6, 0):
        raise SystemExit(f"--impl builtin needs Django >= 6.0, got {django.get_version()}")
    if impl == "ours" and django.VERSION >= (6, 0):
        raise SystemExit(
            f"--impl ours measures the backport: needs Django < 6.0, got {django.get_version()}"
        )


# Seconds a batch of an enqueue workload lasts (0: ``--number`` calls). Sized
# by time, batches make both implementations' processes last about as long, so
# that the machine's slow spells (seconds long on a shared virtual machine) are
# as likely to hit either: with a fixed count, the slower implementation runs
# longer and has more chances to get a fast batch in.
batch_seconds = 0.0


def per_op(
    func: Callable[[], object], number: int, repeat: int, reset: Callable[[], None]
) -> list[float]:
    """Seconds per call of ``func``, one sample per batch.

    A batch is ``number`` calls, or as many as last ``batch_seconds`` (counted
    from a first, untimed batch of ``number`` calls).
    """
    if batch_seconds:
        reset()
        start = clock()
        for _ in range(number):
            func()
        seconds_per_call = (clock() - start) / number
        number = max(1, round(batch_seconds / seconds_per_call)) if seconds_per_call else number
    samples = []
    loop = range(number)
    for _ in range(repeat):
        reset()
        start = clock()
        for _ in loop:
            func()
        samples.append((clock() - start) / number)
    reset()
    return samples


def workload_import(impl: str, number: int, repeat: int) -> list[float]:
    configure(impl, "immediate")
    start = clock()
    importlib.import_module(PACKAGES[impl])
    return [clock() - start]


def _enqueue_workload(
    impl: str, backend_name: str, number: int, repeat: int, *, quiet_task_logging: bool = False
) -> list[float]:
    configure(impl, backend_name, quiet_task_logging=quiet_task_logging)
    creates_records = logging.getLogger("django.tasks").isEnabledFor(logging.INFO)
    assert creates_records is not quiet_task_logging, "the LOGGING is not what the workload says"
    tasks = _tasks(impl)
    backend = tasks.add.get_backend()
    reset: Callable[[], None] = getattr(backend, "clear", lambda: None)
    result = tasks.add.enqueue(1, 2)  # warm caches, check it works
    expected_status = "SUCCESSFUL" if backend_name == "immediate" else "READY"
    assert result.status == expected_status, result.status
    return per_op(lambda: tasks.add.enqueue(1, 2), number, repeat, reset)


def workload_immediate_enqueue(impl: str, number: int, repeat: int) -> list[float]:
    return _enqueue_workload(impl, "immediate", number, repeat)


def workload_immediate_enqueue_quiet(impl: str, number: int, repeat: int) -> list[float]:
    return _enqueue_workload(impl, "immediate", number, repeat, quiet_task_logging=True)


def workload_dummy_enqueue(impl: str, number: int, repeat: int) -> list[float]:
    return _enqueue_workload(impl, "dummy", number, repeat)


STORED_RESULTS = 20_000


def workload_dummy_get_result(impl: str, number: int, repeat: int) -> list[float]:
    configure(impl, "dummy")
    tasks = _tasks(impl)
    backend = tasks.add.get_backend()
    stored = int(os.environ.get("BENCH_STORED_RESULTS", STORED_RESULTS))
    ids = [tasks.add.enqueue(i, i).id for i in range(stored)]
    # The same pseudo-random ids for both implementations: a linear scan costs
    # what the ids' positions cost, so both scan the same positions.
    wanted = random.Random(6).choices(ids, k=number)
    assert backend.get_result(wanted[0]).id == wanted[0]
    get_result = backend.get_result

    samples = []
    for _ in range(repeat):
        start = clock()
        for result_id in wanted:
            get_result(result_id)
        samples.append((clock() - start) / number)
    return samples


def workload_dummy_memory(impl: str, number: int, repeat: int) -> list[float]:
    """Bytes held per stored DummyBackend result (the result, its values, the
    backend's bookkeeping), after a lookup so that any index exists."""
    configure(impl, "dummy")
    tasks = _tasks(impl)
    backend = tasks.add.get_backend()
    samples = []
    for _ in range(repeat):
        backend.clear()
        # One-time allocations (caches, first lookups) stay out of the count.
        backend.get_result(tasks.add.enqueue(0, 0).id)
        backend.clear()
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        last = None
        for i in range(number):
            last = tasks.add.enqueue(i, i)
        assert last is not None
        backend.get_result(last.id)
        del last
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        assert len(backend.results) == number
        samples.append((after - before) / number)
    return samples


def _tasks(impl: str) -> Any:
    os.environ["BENCH_IMPL"] = impl
    sys.path.insert(0, str(HERE))
    return importlib.import_module("bench_tasks")


WORKLOADS: dict[str, Callable[[str, int, int], list[float]]] = {
    "import": workload_import,
    "immediate_enqueue": workload_immediate_enqueue,
    "immediate_enqueue_quiet": workload_immediate_enqueue_quiet,
    "dummy_enqueue": workload_dummy_enqueue,
    "dummy_get_result": workload_dummy_get_result,
    "dummy_memory": workload_dummy_memory,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--impl", choices=sorted(PACKAGES), required=True)
    parser.add_argument("--workload", choices=sorted(WORKLOADS), required=True)
    parser.add_argument("--number", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--batch-seconds",
        type=float,
        default=0.0,
        help="size the enqueue workloads' batches to last this long (default: --number calls)",
    )
    parser.add_argument(
        "--clock",
        choices=["cpu", "wall"],
        default="cpu",
        help="process CPU time (default) or wall-clock time (perf_counter)",
    )
    args = parser.parse_args()
    global clock, batch_seconds
    clock = time.perf_counter if args.clock == "wall" else time.process_time
    batch_seconds = args.batch_seconds

    samples = WORKLOADS[args.workload](args.impl, args.number, args.repeat)

    import django

    package = importlib.import_module(PACKAGES[args.impl])
    print(
        json.dumps(
            {
                "impl": args.impl,
                "workload": args.workload,
                "value": min(samples),
                "samples": samples,
                "django": django.get_version(),
                "python": platform.python_version(),
                "package_file": package.__file__,
            }
        )
    )


if __name__ == "__main__":
    main()
