"""Concurrency: many threads or coroutines enqueuing at once lose and mix up nothing.

What holds, on the backport as on the built-in: every result stored exactly
once, ids unique, each signal sent once per task, one backend instance per
thread (``task_backends`` keeps them in an asgiref ``Local``, as Django's
connection handlers do), and ``override_settings(TASKS=...)`` ending for every
thread when it ends.

Counts: by default 16,000 enqueues from 32 threads and 2,000 from
``asyncio.gather`` on each of the Immediate and Dummy backends (36,000 in all,
a few seconds: the suite runs on every Python and Django of the matrix, and
each ``aenqueue`` hops to a worker thread through ``sync_to_async``).
``DJANGO_TASKS_TEST_ENQUEUES=100000`` runs 100,000 in *each* of the four
scenarios (``tox -e stress``).
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import unittest
from collections import Counter
from collections.abc import Callable, Generator
from contextlib import contextmanager
from typing import Any

import django
import example_tasks
from django.test import SimpleTestCase, override_settings

from django_tasks import TaskResultStatus, task_backends
from django_tasks.backends.dummy import DummyBackend
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.signals import task_enqueued, task_finished, task_started

THREADS = 32
_PER_SCENARIO = int(os.environ.get("DJANGO_TASKS_TEST_ENQUEUES", "0"))
THREADED_ENQUEUES = _PER_SCENARIO or 16_000
GATHERED_ENQUEUES = _PER_SCENARIO or 2_000

TASKS = {
    "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
    "dummy": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"},
}


class SignalLog:
    """The result ids each task signal was sent for, from any thread."""

    def __init__(self) -> None:
        self.ids: dict[str, list[str]] = {"enqueued": [], "started": [], "finished": []}
        self._lock = threading.Lock()
        self._receivers: list[tuple[Any, Callable[..., None]]] = []

    def _receiver(self, name: str) -> Callable[..., None]:
        ids = self.ids[name]

        def receive(sender: type, task_result: Any, **kwargs: Any) -> None:
            with self._lock:
                ids.append(task_result.id)

        return receive

    @contextmanager
    def connected(self) -> Generator[SignalLog, None, None]:
        for name, signal in [
            ("enqueued", task_enqueued),
            ("started", task_started),
            ("finished", task_finished),
        ]:
            receiver = self._receiver(name)
            # django-stubs 5.2 types the receiver as a bare Callable (partly Unknown).
            signal.connect(receiver, weak=False)  # pyright: ignore[reportUnknownMemberType]
            self._receivers.append((signal, receiver))
        try:
            yield self
        finally:
            for signal, receiver in self._receivers:
                signal.disconnect(receiver)


@contextmanager
def quiet_task_logging() -> Generator[None, None, None]:
    # The log receivers still run for every signal; records are dropped
    # early so that formatting 300,000 of them does not dominate the run.
    logger = logging.getLogger("django.tasks")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def run_threads(count: int, target: Callable[[int], Any]) -> list[Any]:
    """``target(i)`` in ``count`` threads started together; their return values."""
    barrier = threading.Barrier(count)
    outcomes: list[Any] = [None] * count
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            barrier.wait()
            outcomes[index] = target(index)
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)
            barrier.abort()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return outcomes


def split(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


@override_settings(TASKS=TASKS)
class ThreadedEnqueueTests(SimpleTestCase):
    def enqueue_from_threads(self, alias: str) -> tuple[list[Any], SignalLog]:
        task = example_tasks.echo.using(backend=alias)
        counts = split(THREADED_ENQUEUES, THREADS)
        main_backend = task_backends[alias]

        def work(index: int) -> tuple[Any, list[Any], list[str]]:
            backend = task_backends[alias]
            results = [task.enqueue(index, number) for number in range(counts[index])]
            stored = [result.id for result in getattr(backend, "results", [])]
            return backend, results, stored

        with quiet_task_logging(), SignalLog().connected() as log:
            outcomes = run_threads(THREADS, work)

        backends = [backend for backend, _, _ in outcomes]
        # One backend instance per thread, none of them the main thread's.
        self.assertEqual(len({id(backend) for backend in backends}), THREADS)
        self.assertNotIn(id(main_backend), {id(backend) for backend in backends})

        results = [result for _, thread_results, _ in outcomes for result in thread_results]
        ids = [result.id for result in results]
        self.assertEqual(len(results), THREADED_ENQUEUES)
        self.assertEqual(len(set(ids)), THREADED_ENQUEUES)
        for index, (backend, thread_results, stored) in enumerate(outcomes):
            # Nothing mixed up between threads: each result has its own arguments.
            self.assertEqual(
                [result.args for result in thread_results],
                [[index, number] for number in range(counts[index])],
            )
            if alias == "dummy":
                # Stored once, on the enqueuing thread's own backend.
                self.assertEqual(stored, [result.id for result in thread_results])
            else:
                self.assertEqual(
                    {tuple(result.worker_ids) for result in thread_results},
                    {(backend.worker_id,)},
                )
        self.assertEqual(Counter(log.ids["enqueued"]), Counter(set(ids)))
        return results, log

    def test_immediate_backend(self) -> None:
        results, log = self.enqueue_from_threads("default")
        ids = Counter({result.id for result in results})
        self.assertEqual(Counter(log.ids["started"]), ids)
        self.assertEqual(Counter(log.ids["finished"]), ids)
        self.assertEqual({result.status for result in results}, {TaskResultStatus.SUCCESSFUL})
        for result in results:
            self.assertEqual(result.return_value, [result.args, {}])

    def test_dummy_backend(self) -> None:
        results, log = self.enqueue_from_threads("dummy")
        self.assertEqual(log.ids["started"], [])
        self.assertEqual(log.ids["finished"], [])
        self.assertEqual({result.status for result in results}, {TaskResultStatus.READY})


@override_settings(TASKS=TASKS)
class GatheredEnqueueTests(SimpleTestCase):
    def gather(self, alias: str, count: int, *, bind_backend: bool) -> tuple[list[Any], Any]:
        task = example_tasks.echo.using(backend=alias)

        async def main() -> tuple[list[Any], Any]:
            # The backend lives in a context-local: looked up here, every
            # gathered coroutine (each runs in a copy of this context) uses it.
            backend = task_backends[alias] if bind_backend else None
            results = await asyncio.gather(*(task.aenqueue(number) for number in range(count)))
            return list(results), backend

        with quiet_task_logging():
            return asyncio.run(main())

    def check_results(self, results: list[Any], count: int) -> None:
        self.assertEqual(len({result.id for result in results}), count)
        self.assertEqual([result.args for result in results], [[n] for n in range(count)])

    def test_immediate_backend(self) -> None:
        with SignalLog().connected() as log:
            results, backend = self.gather("default", GATHERED_ENQUEUES, bind_backend=True)
        self.check_results(results, GATHERED_ENQUEUES)
        ids = Counter({result.id for result in results})
        for name in ("enqueued", "started", "finished"):
            self.assertEqual(Counter(log.ids[name]), ids, name)
        self.assertEqual({tuple(result.worker_ids) for result in results}, {(backend.worker_id,)})
        for result in results:
            self.assertEqual(result.return_value, [result.args, {}])

    def test_dummy_backend(self) -> None:
        with SignalLog().connected() as log:
            results, backend = self.gather("dummy", GATHERED_ENQUEUES, bind_backend=True)
        self.check_results(results, GATHERED_ENQUEUES)
        self.assertEqual(Counter(log.ids["enqueued"]), Counter({r.id for r in results}))
        self.assertEqual(log.ids["started"] + log.ids["finished"], [])
        self.assertEqual([stored.id for stored in backend.results], [r.id for r in results])


class SlowBackend(ImmediateBackend):
    """Blocks in ``__init__`` until released, to hold a lookup in flight."""

    constructing = threading.Event()
    release = threading.Event()

    def __init__(self, alias: str, params: dict[str, Any]) -> None:
        SlowBackend.constructing.set()
        SlowBackend.release.wait(timeout=10)
        super().__init__(alias, params)


def lookups_across_the_end_of_an_override() -> tuple[Any, Any]:
    """Another thread's lookup starts inside override_settings and ends after it.

    Returns what that thread's lookup gave, then what its next lookup gives.
    """
    SlowBackend.constructing.clear()
    SlowBackend.release.clear()
    seen: list[Any] = []

    def other_thread() -> None:
        seen.append(task_backends["default"])
        seen.append(task_backends["default"])

    thread = threading.Thread(target=other_thread)
    with override_settings(TASKS={"default": {"BACKEND": f"{__name__}.SlowBackend"}}):
        thread.start()
        SlowBackend.constructing.wait(timeout=10)
    SlowBackend.release.set()
    thread.join()
    in_flight, next_lookup = seen
    return in_flight, next_lookup


class OverrideSettingsTests(SimpleTestCase):
    def test_override_is_process_wide_and_ends_for_every_thread(self) -> None:
        # Django's settings are process-wide, and so is override_settings: while
        # it is active every thread's next lookup builds the overridden backend
        # (the setting_changed receiver resets the registry for all threads).
        # When it ends, no thread keeps a backend built from it.
        entered, looked_up, exited = threading.Event(), threading.Event(), threading.Event()
        seen: dict[str, Any] = {}

        ready = threading.Event()

        def other_thread() -> None:
            seen["before"] = task_backends["default"]
            ready.set()
            entered.wait(timeout=10)
            seen["during"] = task_backends["default"]
            looked_up.set()
            exited.wait(timeout=10)
            seen["after"] = task_backends["default"]
            seen["after, again"] = task_backends["default"]

        thread = threading.Thread(target=other_thread)
        thread.start()
        ready.wait(timeout=10)
        with override_settings(TASKS={"default": TASKS["dummy"]}):
            entered.set()
            looked_up.wait(timeout=10)
            mine = task_backends["default"]
        exited.set()
        thread.join()

        self.assertIsInstance(seen["before"], ImmediateBackend)
        self.assertIsInstance(seen["during"], DummyBackend)
        self.assertIsNot(seen["during"], mine)  # Still one instance per thread.
        self.assertIsInstance(seen["after"], ImmediateBackend)
        self.assertIsNot(seen["after"], seen["before"])
        self.assertIs(seen["after, again"], seen["after"])
        self.assertIsInstance(task_backends["default"], ImmediateBackend)

    @unittest.skipIf(django.VERSION >= (6, 0), "Django 6 keeps it (see the next test)")
    def test_lookup_in_flight_when_the_override_ends_is_not_kept(self) -> None:
        # Divergence: the lookup that started inside the override returns the
        # overridden backend (it was asked for then), but the thread does not
        # keep it: its next lookup builds one from the restored settings.
        in_flight, next_lookup = lookups_across_the_end_of_an_override()
        self.assertIsInstance(in_flight, SlowBackend)
        self.assertNotIsInstance(next_lookup, SlowBackend)
        self.assertIsInstance(next_lookup, ImmediateBackend)

    @unittest.skipIf(django.VERSION < (6, 0), "the built-in registry's behaviour")
    def test_builtin_keeps_a_lookup_in_flight_when_the_override_ends(self) -> None:
        # Django's connection handler stores the backend into the registry's
        # current Local, the one made when the override ended: the thread
        # keeps the overridden backend afterwards (a race in Django itself).
        in_flight, next_lookup = lookups_across_the_end_of_an_override()
        self.assertIsInstance(in_flight, SlowBackend)
        self.assertIs(next_lookup, in_flight)

    def test_override_in_a_thread_changes_nothing_after_it_ends(self) -> None:
        before = task_backends["default"]

        def override_elsewhere(index: int) -> type:
            with override_settings(TASKS={"default": TASKS["dummy"]}):
                return type(task_backends["default"])

        self.assertEqual(run_threads(1, override_elsewhere), [DummyBackend])
        after = task_backends["default"]
        self.assertIsInstance(after, ImmediateBackend)
        self.assertIsNot(after, before)
