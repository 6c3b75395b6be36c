"""Compatibility names for code written against the older django-tasks backport
(<= 0.12): exception aliases, runtime generics on the backport's classes, and
the subclasses real backends make of Task, ImmediateBackend and BaseTaskBackend."""

from __future__ import annotations

import dataclasses
import importlib
import typing
import unittest
from typing import Any, Generic

import compat_backends
import django
from django.test import SimpleTestCase, override_settings
from django.utils import timezone
from typing_extensions import ParamSpec, TypeVar

import django_tasks
from django_tasks import exceptions, task, task_backends
from django_tasks._backport import base as backport_base
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import TaskResultStatus

P = ParamSpec("P")
T = TypeVar("T")


class ExceptionAliasTests(SimpleTestCase):
    def test_aliases_are_the_same_objects(self) -> None:
        self.assertIs(exceptions.InvalidTaskError, exceptions.InvalidTask)
        self.assertIs(exceptions.InvalidTaskBackendError, exceptions.InvalidTaskBackend)

    def test_aliases_are_not_in_all(self) -> None:
        # __all__ mirrors django.tasks.exceptions; the aliases are extras.
        self.assertNotIn("InvalidTaskError", exceptions.__all__)
        self.assertNotIn("InvalidTaskBackendError", exceptions.__all__)

    def test_old_name_catches_unknown_backend(self) -> None:
        with self.assertRaisesMessage(
            exceptions.InvalidTaskBackendError, "The connection 'missing' doesn't exist."
        ):
            task_backends["missing"]

    @unittest.skipIf(django.VERSION < (6, 0), "django.tasks is built in from Django 6.0")
    def test_aliases_are_djangos_on_django_6(self) -> None:
        builtin = importlib.import_module("django.tasks.exceptions")

        self.assertIs(exceptions.InvalidTaskError, builtin.InvalidTask)
        self.assertIs(exceptions.InvalidTaskBackendError, builtin.InvalidTaskBackend)


class MyTask(backport_base.Task[P, T]):
    pass


class BackportGenericsTests(SimpleTestCase):
    """The backport's classes (importable on every Django) take one or two type
    parameters at runtime; one means ``[..., T]``."""

    def test_one_and_two_parameters(self) -> None:
        # Any: the one-parameter spelling is runtime-only, the stubs take two.
        classes: tuple[Any, ...] = (
            backport_base.Task,
            backport_base.TaskResult,
            backport_base.TaskContext,
        )
        for cls in classes:
            with self.subTest(cls.__name__):
                one = cls[int]
                two = cls[P, int]
                self.assertIs(typing.get_origin(one), cls)
                self.assertEqual(typing.get_args(one), (..., int))
                self.assertIs(typing.get_origin(two), cls)
                self.assertEqual(typing.get_args(two), (P, int))
                self.assertEqual(cls[..., int], one)

    def test_three_parameters_are_refused(self) -> None:
        task_class: Any = backport_base.Task
        with self.assertRaisesMessage(
            TypeError, "Task[...] takes one or two type arguments, got 3."
        ):
            task_class[P, int, str]

    def test_subclass_of_subscripted_class_is_subscriptable(self) -> None:
        self.assertIn(backport_base.Task, MyTask.__mro__)
        # Any: P is unbound outside a generic context for type checkers.
        subclass: Any = MyTask
        alias = subclass[P, int]
        self.assertIs(typing.get_origin(alias), MyTask)
        self.assertEqual(typing.get_args(alias), (P, int))

    def test_subclass_one_parameter_result(self) -> None:
        # django-tasks-db's compat module (Django < 6) does exactly this.
        class DBTaskResult(backport_base.TaskResult[T], Generic[P, T]):  # type: ignore[type-arg]
            pass

        self.assertIs(typing.get_origin(DBTaskResult[..., int]), DBTaskResult)
        # TASKS is unset: the backport's own default ImmediateBackend validates it.
        backport_task: backport_base.Task[..., int] = backport_base.Task(
            func=compat_backends.multiply
        )
        now = timezone.now()
        # pyright cannot read the one-parameter base class: its R stays Unknown.
        result: DBTaskResult[..., int] = DBTaskResult(  # pyright: ignore[reportUnknownVariableType]
            task=backport_task,
            id="abc",
            status=backport_base.TaskResultStatus.SUCCESSFUL,
            enqueued_at=now,
            started_at=now,
            finished_at=now,
            last_attempted_at=now,
            args=(2, 3),  # type: ignore[arg-type]  # normalized to a list
            kwargs={},
            backend="default",
            errors=[],
            worker_ids=["w"],
        )
        object.__setattr__(result, "_return_value", 6)
        self.assertIsInstance(result, backport_base.TaskResult)
        self.assertEqual(result.args, [2, 3])
        self.assertEqual(result.return_value, 6)  # pyright: ignore[reportUnknownMemberType]
        self.assertEqual(result.attempts, 1)
        self.assertIs(type(dataclasses.replace(result, id="def")), DBTaskResult)

    @unittest.skipIf(django.VERSION >= (6, 0), "Django 6's classes are not subscriptable")
    def test_public_names_are_the_backport_below_django_6(self) -> None:
        self.assertIs(django_tasks.TaskResult, backport_base.TaskResult)
        self.assertEqual(typing.get_args(django_tasks.TaskResult[int]), (..., int))  # type: ignore[misc]


@override_settings(
    TASKS={
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        "huey": {"BACKEND": "compat_backends.HueyStyleBackend"},
        "recording": {"BACKEND": "compat_backends.RecordingImmediateBackend"},
        "store": {"BACKEND": "compat_backends.StoreBackend"},
    }
)
class BackendSubclassTests(SimpleTestCase):
    def test_task_subclass_overriding_post_init(self) -> None:
        huey_task = task(backend="huey")(compat_backends.multiply)
        self.assertIsInstance(huey_task, compat_backends.HueyStyleTask)
        self.assertEqual(huey_task.__dict__["post_init_calls"], 1)

        changed = huey_task.using(queue_name="default")
        self.assertIs(type(changed), compat_backends.HueyStyleTask)
        self.assertEqual(changed.__dict__["post_init_calls"], 1)

        result = huey_task.enqueue(6, 7)
        self.assertEqual(result.status, TaskResultStatus.SUCCESSFUL)
        self.assertEqual(result.return_value, 42)

    def test_task_subclass_still_validates(self) -> None:
        # super().__post_init__() runs the backend's validation, also on using().
        huey_task = task(backend="huey")(compat_backends.multiply)
        with self.assertRaisesMessage(
            exceptions.InvalidTaskError, "Backend does not support run_after."
        ):
            huey_task.using(run_after=timezone.now())

    def test_immediate_backend_subclass(self) -> None:
        recording_task = task(backend="recording")(compat_backends.multiply)
        result = recording_task.enqueue(2, 3)
        self.assertIsInstance(task_backends["recording"], ImmediateBackend)
        self.assertIs(recording_task.get_result(result.id), result)
        self.assertEqual(result.return_value, 6)
        with self.assertRaises(exceptions.TaskResultDoesNotExist):
            recording_task.get_result("missing")

    def test_base_backend_subclass_sets_private_return_value(self) -> None:
        backend = task_backends["store"]
        assert isinstance(backend, compat_backends.StoreBackend)
        store_task = task(backend="store", priority=10)(compat_backends.multiply)
        result = store_task.enqueue(4, y=5)
        self.assertEqual(result.status, TaskResultStatus.READY)
        with self.assertRaisesMessage(ValueError, "Task has not finished yet"):
            result.return_value  # noqa: B018

        backend.run(result.id)
        fetched = store_task.get_result(result.id)
        self.assertEqual(fetched.status, TaskResultStatus.SUCCESSFUL)
        self.assertEqual(fetched.return_value, 20)
        self.assertEqual(fetched.kwargs, {"y": 5})
