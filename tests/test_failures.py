"""Failure behaviour: failing tasks, interrupts, raising signal receivers, checks.

All of it as Django 6.1 does it, on every Django:

- An exception in a task (any BaseException but KeyboardInterrupt) ends it
  FAILED, with a TaskError holding the class path and the full traceback;
  nothing is raised at the caller.
- KeyboardInterrupt propagates out of ``enqueue()``; the result is left RUNNING
  and ``task_finished`` is not sent.
- Backends send the task signals with ``Signal.send``, not ``send_robust``: a
  receiver that raises stops the backend there and the exception reaches the
  caller of ``enqueue()`` (after the task ran, for ``task_finished``).
- A backend's ``check()`` messages are system check messages: an Error makes
  ``manage.py check`` fail.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator
from contextlib import contextmanager
from io import StringIO
from typing import Any

from django.core import checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import SimpleTestCase, override_settings

import django_tasks
from django_tasks import TaskResultStatus, task
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.signals import task_enqueued, task_finished, task_started

IMMEDIATE = {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
DUMMY = {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}


class TaskFailed(Exception):
    pass


class Outer:
    class NestedError(Exception):
        pass


@task()
def raises(kind: str) -> None:
    try:
        raise LookupError("the cause")
    except LookupError as cause:
        if kind == "custom":
            raise TaskFailed("custom failure") from cause
        if kind == "nested":
            raise Outer.NestedError("nested class") from None
        if kind == "system_exit":
            raise SystemExit(3) from None
        if kind == "interrupt":
            raise KeyboardInterrupt from None
    raise AssertionError(kind)


@task()
async def raises_async() -> None:
    raise TaskFailed("async failure")


side_effects: list[str] = []


@task()
def records_side_effect(value: str) -> str:
    side_effects.append(value)
    return value


class ReceiverError(Exception):
    pass


@contextmanager
def raising_receiver(signal: Any) -> Generator[list[Any], None, None]:
    """Connect a receiver that raises ReceiverError; yields the results it saw."""
    seen: list[Any] = []

    def receiver(sender: type, task_result: Any, **kwargs: Any) -> None:
        seen.append(task_result)
        raise ReceiverError(f"receiver of {task_result.status}")

    signal.connect(receiver, weak=False)
    try:
        yield seen
    finally:
        signal.disconnect(receiver)


@contextmanager
def signals_received() -> Generator[list[tuple[str, Any]], None, None]:
    received: list[tuple[str, Any]] = []
    receivers: list[tuple[Any, Callable[..., None]]] = []
    for name, signal in [
        ("enqueued", task_enqueued),
        ("started", task_started),
        ("finished", task_finished),
    ]:

        def receiver(sender: type, task_result: Any, name: str = name, **kwargs: Any) -> None:
            received.append((name, task_result.status))

        # django-stubs 5.2 types the receiver as a bare Callable (partly Unknown).
        signal.connect(receiver, weak=False)  # pyright: ignore[reportUnknownMemberType]
        receivers.append((signal, receiver))
    try:
        yield received
    finally:
        for signal, receiver in receivers:
            signal.disconnect(receiver)


@override_settings(TASKS={"default": IMMEDIATE})
class TaskExceptionTests(SimpleTestCase):
    def test_exception_ends_failed_with_class_path_and_traceback(self) -> None:
        with self.assertLogs("django.tasks", logging.ERROR) as logs:
            result = raises.enqueue("custom")
        self.assertEqual(result.status, TaskResultStatus.FAILED)
        self.assertIsNotNone(result.finished_at)
        (error,) = result.errors
        self.assertEqual(error.exception_class_path, f"{__name__}.TaskFailed")
        self.assertIs(error.exception_class, TaskFailed)
        # The full traceback: the chained cause, the frames, the last line.
        self.assertTrue(error.traceback.startswith("Traceback (most recent call last):\n"))
        self.assertIn("LookupError: the cause", error.traceback)
        self.assertIn("The above exception was the direct cause", error.traceback)
        self.assertIn('raise TaskFailed("custom failure") from cause', error.traceback)
        self.assertIn(", in raises\n", error.traceback)
        self.assertTrue(error.traceback.endswith(f"{__name__}.TaskFailed: custom failure\n"))
        with self.assertRaisesMessage(ValueError, "Task failed"):
            _ = result.return_value
        # Logged at ERROR with the exception attached.
        (record,) = logs.records
        self.assertIsNotNone(record.exc_info)
        self.assertIs(record.exc_info[0], TaskFailed)  # type: ignore[index]

    def test_signals_for_a_failed_task(self) -> None:
        with signals_received() as received:
            raises.enqueue("custom")
        self.assertEqual(
            received,
            [
                ("enqueued", TaskResultStatus.READY),
                ("started", TaskResultStatus.RUNNING),
                ("finished", TaskResultStatus.FAILED),
            ],
        )

    def test_async_task_exception(self) -> None:
        result = raises_async.enqueue()
        self.assertEqual(result.status, TaskResultStatus.FAILED)
        self.assertEqual(result.errors[0].exception_class_path, f"{__name__}.TaskFailed")
        self.assertIn("TaskFailed: async failure", result.errors[0].traceback)

    def test_system_exit_is_recorded(self) -> None:
        # Any BaseException but KeyboardInterrupt ends the task FAILED.
        result = raises.enqueue("system_exit")
        self.assertEqual(result.status, TaskResultStatus.FAILED)
        self.assertEqual(result.errors[0].exception_class_path, "builtins.SystemExit")
        self.assertIs(result.errors[0].exception_class, SystemExit)

    def test_nested_exception_class_path(self) -> None:
        # As in Django: the path is module + qualname, which import_string
        # cannot resolve for a class nested in another class.
        result = raises.enqueue("nested")
        (error,) = result.errors
        self.assertEqual(error.exception_class_path, f"{__name__}.Outer.NestedError")
        with self.assertRaises(ImportError):
            _ = error.exception_class

    def test_keyboard_interrupt_propagates(self) -> None:
        with signals_received() as received, self.assertRaises(KeyboardInterrupt):
            raises.enqueue("interrupt")
        # The task was running; it neither finished nor failed.
        self.assertEqual(
            received,
            [("enqueued", TaskResultStatus.READY), ("started", TaskResultStatus.RUNNING)],
        )

    async def test_keyboard_interrupt_propagates_from_aenqueue(self) -> None:
        with self.assertRaises(KeyboardInterrupt):
            await raises.aenqueue("interrupt")


@override_settings(TASKS={"default": IMMEDIATE, "dummy": DUMMY})
class RaisingReceiverTests(SimpleTestCase):
    def setUp(self) -> None:
        side_effects.clear()

    def test_task_enqueued_receiver_stops_immediate_backend(self) -> None:
        with raising_receiver(task_enqueued) as seen, self.assertRaises(ReceiverError):
            records_side_effect.enqueue("never")
        self.assertEqual(side_effects, [])  # The task never ran.
        self.assertEqual(seen[0].status, TaskResultStatus.READY)

    def test_task_started_receiver_stops_immediate_backend(self) -> None:
        with raising_receiver(task_started) as seen, self.assertRaises(ReceiverError):
            records_side_effect.enqueue("never")
        self.assertEqual(side_effects, [])
        self.assertEqual(seen[0].status, TaskResultStatus.RUNNING)

    def test_task_finished_receiver_raises_after_the_task_ran(self) -> None:
        with raising_receiver(task_finished) as seen, self.assertRaises(ReceiverError):
            records_side_effect.enqueue("ran")
        self.assertEqual(side_effects, ["ran"])
        self.assertEqual(seen[0].status, TaskResultStatus.SUCCESSFUL)
        self.assertEqual(seen[0].return_value, "ran")

    def test_task_finished_receiver_raises_after_a_failure(self) -> None:
        with raising_receiver(task_finished) as seen, self.assertRaises(ReceiverError) as caught:
            raises.enqueue("custom")
        self.assertEqual(seen[0].status, TaskResultStatus.FAILED)
        # Sent while the task's exception is being handled: it is the context.
        self.assertIsInstance(caught.exception.__context__, TaskFailed)

    def test_task_enqueued_receiver_on_dummy_backend(self) -> None:
        # The result is stored before the signal is sent: it stays stored.
        backend = django_tasks.task_backends["dummy"]
        backend.clear()  # type: ignore[attr-defined]
        with raising_receiver(task_enqueued) as seen, self.assertRaises(ReceiverError):
            records_side_effect.using(backend="dummy").enqueue("stored")
        self.assertEqual([result.id for result in backend.results], [seen[0].id])  # type: ignore[attr-defined]
        self.assertEqual(side_effects, [])

    def test_other_receivers_after_a_raising_one_are_not_called(self) -> None:
        calls: list[str] = []

        def later(sender: type, **kwargs: Any) -> None:
            calls.append("later")

        with raising_receiver(task_enqueued):
            # django-stubs 5.2 types the receiver as a bare Callable (partly Unknown).
            task_enqueued.connect(later, weak=False)  # pyright: ignore[reportUnknownMemberType]
            try:
                with self.assertRaises(ReceiverError):
                    records_side_effect.enqueue("x")
            finally:
                task_enqueued.disconnect(later)  # pyright: ignore[reportUnknownMemberType]
        self.assertEqual(calls, [])


class FailingCheckBackend(ImmediateBackend):
    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        return [
            checks.Error("The queue service is unreachable.", id="tasks_test.E001"),
            checks.Warning("Results expire after one hour.", id="tasks_test.W001"),
        ]


class WarningCheckBackend(ImmediateBackend):
    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        return [checks.Warning("Results expire after one hour.", id="tasks_test.W001")]


class BackendCheckTests(SimpleTestCase):
    @override_settings(TASKS={"default": {"BACKEND": f"{__name__}.FailingCheckBackend"}})
    def test_failing_check_fails_manage_py_check(self) -> None:
        with self.assertRaises(SystemCheckError) as caught:
            call_command("check", stdout=StringIO(), stderr=StringIO())
        message = str(caught.exception)
        self.assertIn("(tasks_test.E001) The queue service is unreachable.", message)
        self.assertIn("(tasks_test.W001) Results expire after one hour.", message)

    @override_settings(TASKS={"default": {"BACKEND": f"{__name__}.WarningCheckBackend"}})
    def test_warning_is_reported_without_failing(self) -> None:
        stderr = StringIO()
        call_command("check", stdout=StringIO(), stderr=stderr)
        self.assertIn("(tasks_test.W001) Results expire after one hour.", stderr.getvalue())

    @override_settings(TASKS={"default": {"BACKEND": "nope.Backend"}})
    def test_unimportable_backend_fails_manage_py_check(self) -> None:
        with self.assertRaisesMessage(
            django_tasks.InvalidTaskBackend, "Could not find backend 'nope.Backend'"
        ):
            call_command("check", stdout=StringIO(), stderr=StringIO())

    @override_settings(TASKS={"default": IMMEDIATE})
    def test_default_backend_passes(self) -> None:
        stdout = StringIO()
        call_command("check", stdout=stdout, stderr=StringIO())
        self.assertIn("System check identified no issues", stdout.getvalue())
        self.assertIsInstance(django_tasks.task_backends["default"], ImmediateBackend)
