"""django_tasks.signals: the three signals and the log records they produce."""

from __future__ import annotations

import logging
import unittest
from collections.abc import Callable
from typing import Any

import django
import example_tasks
from django.dispatch import Signal
from django.test import SimpleTestCase, override_settings

from django_tasks.backends.dummy import DummyBackend
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.signals import logger, task_enqueued, task_finished, task_started

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[str, type, dict[str, Any]]] = []

    def receiver(self, name: str) -> Callable[..., None]:
        def receive(sender: type, **kwargs: Any) -> None:
            status = kwargs["task_result"].status
            self.calls.append((name, sender, {**kwargs, "status_at_send": status}))

        return receive


class SignalTests(SimpleTestCase):
    def setUp(self) -> None:
        self.recorder = Recorder()
        self.receivers: list[Callable[..., None]] = []
        for name, signal in (
            ("enqueued", task_enqueued),
            ("started", task_started),
            ("finished", task_finished),
        ):
            receiver = self.recorder.receiver(name)
            self.receivers.append(receiver)
            # django-stubs 5.2 types the receiver as a bare Callable (partly Unknown).
            signal.connect(receiver)  # pyright: ignore[reportUnknownMemberType]
            self.addCleanup(signal.disconnect, receiver)  # pyright: ignore[reportUnknownMemberType, reportUnknownArgumentType]

    @override_settings(TASKS=IMMEDIATE)
    def test_immediate_sends_all_three(self) -> None:
        result = example_tasks.add.enqueue(1, 2)
        self.assertEqual(
            [(name, sender, kw["status_at_send"]) for name, sender, kw in self.recorder.calls],
            [
                ("enqueued", ImmediateBackend, "READY"),
                ("started", ImmediateBackend, "RUNNING"),
                ("finished", ImmediateBackend, "SUCCESSFUL"),
            ],
        )
        for _, _, kwargs in self.recorder.calls:
            self.assertIs(kwargs["task_result"], result)
            self.assertEqual(set(kwargs), {"signal", "task_result", "status_at_send"})

    @override_settings(TASKS=DUMMY)
    def test_dummy_sends_enqueued_only(self) -> None:
        example_tasks.add.enqueue(1, 2)
        self.assertEqual(
            [(name, sender) for name, sender, _ in self.recorder.calls],
            [("enqueued", DummyBackend)],
        )

    @override_settings(TASKS=IMMEDIATE)
    def test_raising_receiver_propagates(self) -> None:
        # Backends use Signal.send (not send_robust), as in Django.
        def broken(sender: type, **kwargs: Any) -> None:
            raise RuntimeError("receiver failed")

        # django-stubs 5.2 types the receiver as a bare Callable (partly Unknown).
        task_enqueued.connect(broken)  # pyright: ignore[reportUnknownMemberType]
        self.addCleanup(task_enqueued.disconnect, broken)  # pyright: ignore[reportUnknownMemberType, reportUnknownArgumentType]
        with self.assertRaisesMessage(RuntimeError, "receiver failed"):
            example_tasks.add.enqueue(1, 2)


class LogRecordTests(SimpleTestCase):
    def test_logger_name(self) -> None:
        self.assertEqual(logger.name, "django.tasks")

    @override_settings(TASKS=IMMEDIATE)
    def test_immediate_records(self) -> None:
        with self.assertLogs("django.tasks", "DEBUG") as captured:
            result = example_tasks.add.enqueue(1, 2)
        path = "example_tasks.add"
        self.assertEqual(
            [(r.levelno, r.getMessage()) for r in captured.records],
            [
                (logging.DEBUG, f"Task id={result.id} path={path} enqueued backend=default"),
                (logging.INFO, f"Task id={result.id} path={path} state=RUNNING"),
                (logging.INFO, f"Task id={result.id} path={path} state=SUCCESSFUL"),
            ],
        )
        self.assertTrue(all(r.exc_info is None for r in captured.records))

    @override_settings(TASKS=IMMEDIATE)
    def test_failed_task_logs_error_with_exception(self) -> None:
        with self.assertLogs("django.tasks", "ERROR") as captured:
            result = example_tasks.fail.enqueue("bad")
        [record] = captured.records
        self.assertEqual(
            record.getMessage(), f"Task id={result.id} path=example_tasks.fail state=FAILED"
        )
        assert record.exc_info is not None
        self.assertIs(record.exc_info[0], ValueError)

    @unittest.skipIf(django.VERSION[:2] == (6, 0), "fixed in Django 6.0.3")
    @override_settings(TASKS=IMMEDIATE)
    def test_finished_outside_a_handler_has_no_exc_info(self) -> None:
        from django_tasks import default_task_backend

        result = example_tasks.add.enqueue(1, 2)
        with self.assertLogs("django.tasks", "INFO") as captured:
            # django-stubs 5.2 types the receivers as a bare Callable (partly Unknown).
            task_finished.send(type(default_task_backend), task_result=result)  # pyright: ignore[reportUnknownMemberType]
        self.assertIsNone(captured.records[0].exc_info)

    @override_settings(TASKS=DUMMY)
    def test_dummy_records(self) -> None:
        with self.assertLogs("django.tasks", "DEBUG") as captured:
            result = example_tasks.add.enqueue(1, 2)
        self.assertEqual(
            [r.getMessage() for r in captured.records],
            [f"Task id={result.id} path=example_tasks.add enqueued backend=default"],
        )


class SettingChangedTests(SimpleTestCase):
    @unittest.skipIf(django.VERSION < (6, 0), "below 6.0 the backport's registry is the registry")
    def test_django_tasks_does_not_load_the_backport_on_django_6(self) -> None:
        # On Django 6 only the conformance kit imports the backport, whose
        # package registers its own system check and receivers, as Django's.
        import subprocess
        import sys
        import textwrap

        code = textwrap.dedent(
            """
            import sys
            import django
            from django.conf import settings
            settings.configure()
            django.setup()
            import django_tasks, django_tasks.utils, django_tasks.backends.dummy
            from django.test.utils import override_settings
            with override_settings(TASKS={}):
                pass
            print(any(name.startswith("django_tasks._backport") for name in sys.modules))
            """
        )
        output = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
        self.assertEqual(output.strip(), "False")


class PlainSignalTests(SimpleTestCase):
    def test_the_signals_are_djangos_signal_class(self) -> None:
        # As in Django: no subclass, so Signal's documented behaviour
        # (connect, disconnect, send_robust, asend) is all there is.
        for signal in (task_enqueued, task_started, task_finished):
            with self.subTest(signal=signal):
                self.assertIs(type(signal), Signal)
