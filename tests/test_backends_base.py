"""django_tasks.backends.base: BaseTaskBackend and validate_task()."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import example_tasks
from django.test import SimpleTestCase, override_settings
from django.utils import timezone

from django_tasks import task_backends
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import Task, TaskResult
from django_tasks.exceptions import InvalidTask


class MinimalBackend(BaseTaskBackend):
    def enqueue(
        self, task: Task[Any, Any], args: Sequence[Any], kwargs: dict[str, Any]
    ) -> TaskResult[Any, Any]:
        raise AssertionError("not used")


class AllFeaturesBackend(MinimalBackend):
    supports_defer = True
    supports_async_task = True
    supports_priority = True
    supports_get_result = True


def module_level() -> None: ...


def context_first(context: Any) -> None: ...


def context_second(value: int, context: Any) -> None: ...


def context_keyword_only(*, context: Any) -> None: ...


async def coroutine_function() -> None: ...


def make_task(func: Any, **options: Any) -> Task[Any, Any]:
    # Build without validation (validation is what is tested).
    task_class: type[Task[Any, Any]] = Task
    t = object.__new__(task_class)
    values = {
        "func": func,
        "priority": 0,
        "backend": "default",
        "queue_name": "default",
        "run_after": None,
        "takes_context": False,
    }
    values.update(options)
    for name, value in values.items():
        object.__setattr__(t, name, value)
    return t


class FlagsTests(SimpleTestCase):
    def test_defaults(self) -> None:
        self.assertIs(BaseTaskBackend.task_class, Task)
        self.assertIs(BaseTaskBackend.supports_defer, False)
        self.assertIs(BaseTaskBackend.supports_async_task, False)
        self.assertIs(BaseTaskBackend.supports_get_result, False)
        self.assertIs(BaseTaskBackend.supports_priority, False)

    def test_init(self) -> None:
        backend = MinimalBackend("alias", {})
        self.assertEqual(backend.alias, "alias")
        self.assertEqual(backend.queues, {"default"})
        self.assertEqual(backend.options, {})
        backend = MinimalBackend("alias", {"QUEUES": ["a", "a", "b"], "OPTIONS": {"x": 1}})
        self.assertEqual(backend.queues, {"a", "b"})
        self.assertEqual(backend.options, {"x": 1})

    def test_enqueue_is_abstract(self) -> None:
        class NoEnqueue(BaseTaskBackend):
            pass

        # Python's own message, as Django 6 (Python >= 3.12) shows it.
        # Breakpoint: Python 3.12 reworded it; one message once 3.12 is the minimum.
        if sys.version_info >= (3, 12):
            message = (
                "Can't instantiate abstract class NoEnqueue without an implementation for "
                "abstract method 'enqueue'"
            )
        else:
            message = "Can't instantiate abstract class NoEnqueue with abstract method enqueue"
        with self.assertRaisesMessage(TypeError, message):
            NoEnqueue("x", {})  # type: ignore[abstract]

    def test_check_is_empty(self) -> None:
        self.assertEqual(MinimalBackend("x", {}).check(), [])


class ValidateTaskTests(SimpleTestCase):
    def assertInvalid(self, backend: BaseTaskBackend, task: Task[Any, Any], message: str) -> None:
        with self.assertRaises(InvalidTask) as cm:
            backend.validate_task(task)
        self.assertEqual(str(cm.exception), message)

    def test_valid(self) -> None:
        MinimalBackend("x", {}).validate_task(make_task(module_level))
        AllFeaturesBackend("x", {}).validate_task(
            make_task(
                coroutine_function,
                priority=100,
                run_after=timezone.now() + timedelta(days=1),
            )
        )

    def test_not_module_level(self) -> None:
        def nested() -> None: ...

        message = "Task function must be defined at a module level."
        backend = AllFeaturesBackend("x", {})
        self.assertInvalid(backend, make_task(nested), message)
        self.assertInvalid(backend, make_task(lambda: None), message)
        self.assertInvalid(backend, make_task(print), message)
        self.assertInvalid(backend, make_task(self.test_valid), message)

    def test_async_unsupported(self) -> None:
        self.assertInvalid(
            MinimalBackend("x", {}),
            make_task(coroutine_function),
            "Backend does not support async Tasks.",
        )

    def test_takes_context(self) -> None:
        backend = MinimalBackend("x", {})
        message = "Task takes context but does not have a first argument of 'context'."
        backend.validate_task(make_task(context_first, takes_context=True))
        self.assertInvalid(backend, make_task(module_level, takes_context=True), message)
        self.assertInvalid(backend, make_task(context_second, takes_context=True), message)

    def test_keyword_only_context_counts_as_first_argument(self) -> None:
        # Django 6's get_func_args lists keyword-only parameters too.
        MinimalBackend("x", {}).validate_task(make_task(context_keyword_only, takes_context=True))

    def test_priority(self) -> None:
        self.assertInvalid(
            MinimalBackend("x", {}),
            make_task(module_level, priority=1),
            "Backend does not support setting priority of tasks.",
        )
        message = "priority must be a whole number between -100 and 100."
        backend = AllFeaturesBackend("x", {})
        for priority in (-101, 101, 1.5):
            with self.subTest(priority=priority):
                self.assertInvalid(backend, make_task(module_level, priority=priority), message)
        for priority in (-100, 100, 2.0, True):
            with self.subTest(priority=priority):
                backend.validate_task(make_task(module_level, priority=priority))

    def test_run_after(self) -> None:
        when = timezone.now()
        self.assertInvalid(
            MinimalBackend("x", {}),
            make_task(module_level, run_after=when),
            "Backend does not support run_after.",
        )
        naive = datetime(2030, 1, 1)
        with override_settings(USE_TZ=True):
            self.assertInvalid(
                AllFeaturesBackend("x", {}),
                make_task(module_level, run_after=naive),
                "run_after must be an aware datetime.",
            )
        with override_settings(USE_TZ=False):
            AllFeaturesBackend("x", {}).validate_task(make_task(module_level, run_after=naive))

    def test_queue(self) -> None:
        self.assertInvalid(
            MinimalBackend("x", {"QUEUES": ["a"]}),
            make_task(module_level),
            "Queue 'default' is not valid for backend.",
        )
        # An empty QUEUES list allows any queue.
        MinimalBackend("x", {"QUEUES": []}).validate_task(make_task(module_level, queue_name="z"))

    def test_order_of_checks(self) -> None:
        # Several problems at once: the first in Django's order is reported.
        def nested() -> None: ...

        backend = MinimalBackend("x", {"QUEUES": ["a"]})
        self.assertInvalid(
            backend,
            make_task(nested, priority=5, queue_name="z"),
            "Task function must be defined at a module level.",
        )
        self.assertInvalid(
            backend,
            make_task(coroutine_function, priority=5),
            "Backend does not support async Tasks.",
        )
        self.assertInvalid(
            backend,
            make_task(module_level, priority=5, run_after=timezone.now()),
            "Backend does not support setting priority of tasks.",
        )
        self.assertInvalid(
            backend,
            make_task(module_level, run_after=timezone.now(), queue_name="z"),
            "Backend does not support run_after.",
        )


@override_settings(TASKS={"default": {"BACKEND": f"{__name__}.MinimalBackend"}})
class DefaultMethodsTests(SimpleTestCase):
    def test_get_result_not_implemented(self) -> None:
        with self.assertRaisesMessage(
            NotImplementedError,
            "This backend does not support retrieving or refreshing results.",
        ):
            task_backends["default"].get_result("x")

    async def test_aget_result_not_implemented(self) -> None:
        with self.assertRaisesMessage(
            NotImplementedError,
            "This backend does not support retrieving or refreshing results.",
        ):
            await task_backends["default"].aget_result("x")

    def test_task_validated_on_creation(self) -> None:
        with self.assertRaisesMessage(InvalidTask, "Backend does not support async Tasks."):
            example_tasks.async_add.using(priority=0, backend="default")
