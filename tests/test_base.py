"""django_tasks.base: Task, task(), TaskResult, TaskResultStatus, TaskContext, TaskError."""

import dataclasses
import inspect
import pickle
import typing
import unittest
from datetime import timedelta
from typing import Any, cast

import django
import example_tasks
from django.test import SimpleTestCase, override_settings
from django.utils import timezone, translation

from django_tasks import default_task_backend
from django_tasks.backends.dummy import DummyBackend
from django_tasks.base import (
    DEFAULT_TASK_BACKEND_ALIAS,
    DEFAULT_TASK_PRIORITY,
    DEFAULT_TASK_QUEUE_NAME,
    TASK_MAX_PRIORITY,
    TASK_MIN_PRIORITY,
    TASK_REFRESH_ATTRS,
    Task,
    TaskContext,
    TaskError,
    TaskResult,
    TaskResultStatus,
    task,
)
from django_tasks.exceptions import TaskResultDoesNotExist, TaskResultMismatch

DUMMY = {
    "default": {
        "BACKEND": "django_tasks.backends.dummy.DummyBackend",
        "QUEUES": ["default", "queue_1"],
    }
}


class ConstantsTests(SimpleTestCase):
    def test_values(self) -> None:
        self.assertEqual(DEFAULT_TASK_BACKEND_ALIAS, "default")
        self.assertEqual(DEFAULT_TASK_QUEUE_NAME, "default")
        self.assertEqual(DEFAULT_TASK_PRIORITY, 0)
        self.assertEqual(TASK_MIN_PRIORITY, -100)
        self.assertEqual(TASK_MAX_PRIORITY, 100)
        self.assertEqual(
            TASK_REFRESH_ATTRS,
            {
                "errors",
                "_return_value",
                "finished_at",
                "started_at",
                "last_attempted_at",
                "status",
                "enqueued_at",
                "worker_ids",
            },
        )


class TaskResultStatusTests(SimpleTestCase):
    def test_values_and_labels(self) -> None:
        self.assertEqual(
            [(status.value, str(status.label)) for status in TaskResultStatus],
            [
                ("READY", "Ready"),
                ("RUNNING", "Running"),
                ("FAILED", "Failed"),
                ("SUCCESSFUL", "Successful"),
            ],
        )

    def test_is_a_str_enum(self) -> None:
        self.assertEqual(TaskResultStatus.READY, "READY")
        self.assertEqual(TaskResultStatus("FAILED"), TaskResultStatus.FAILED)

    def test_labels_are_lazy_translations(self) -> None:
        from django.utils.functional import Promise

        for status in TaskResultStatus:
            with self.subTest(status=status):
                self.assertIsInstance(status.label, Promise)

    def test_label_untranslated_language_falls_back(self) -> None:
        with translation.override("xx-unknown"):
            self.assertEqual(str(TaskResultStatus.SUCCESSFUL.label), "Successful")


class TaskDataclassTests(SimpleTestCase):
    @unittest.skipIf(
        django.VERSION[:2] == (6, 0), "Django 6.1 put func first and gave the fields defaults"
    )
    def test_fields_and_defaults(self) -> None:
        fields = {f.name: f for f in dataclasses.fields(Task)}
        self.assertEqual(
            list(fields),
            ["func", "priority", "backend", "queue_name", "run_after", "takes_context"],
        )
        self.assertEqual(fields["priority"].default, 0)
        self.assertEqual(fields["backend"].default, "default")
        self.assertEqual(fields["queue_name"].default, "default")
        self.assertIsNone(fields["run_after"].default)
        self.assertIs(fields["takes_context"].default, False)
        self.assertIs(fields["func"].default, dataclasses.MISSING)

    def test_frozen_slotted_keyword_only(self) -> None:
        # The dataclass machinery's own record, which no stub declares.
        self.assertTrue(Task.__dataclass_params__.frozen)  # type: ignore[attr-defined]
        self.assertTrue(hasattr(Task, "__slots__"))
        with self.assertRaises(TypeError):
            Task(example_tasks.add.func)  # type: ignore[call-arg]
        with self.assertRaises(dataclasses.FrozenInstanceError):
            example_tasks.add.priority = 3  # type: ignore[misc]

    @unittest.skipIf(
        django.VERSION[:2] == (6, 0), "Django 6.1 put func first and gave the fields defaults"
    )
    def test_construct_directly(self) -> None:
        t: Task[[int, int], int] = Task(func=example_tasks.add.func)
        self.assertEqual(t.priority, 0)
        self.assertEqual(t.backend, "default")
        self.assertEqual(t, example_tasks.add)

    def test_field_annotations_resolve(self) -> None:
        # As on Django 6: tools that read dataclass fields (serializers,
        # schema generators) resolve the annotations from the public module.
        for cls in (Task, TaskResult, TaskContext, TaskError):
            with self.subTest(cls=cls.__name__):
                hints = typing.get_type_hints(cls)
                self.assertEqual(
                    set(hints) - {"_return_value"},
                    {f.name for f in dataclasses.fields(cls)} - {"_return_value"},
                )

    def test_name_and_module_path(self) -> None:
        self.assertEqual(example_tasks.add.name, "add")
        self.assertEqual(example_tasks.add.module_path, "example_tasks.add")


def generated_twin(cls: Any) -> Any:
    """A dataclass @dataclass generates from ``cls``'s fields and flags: what
    its __init__, __repr__, __eq__ and __hash__ must behave as."""
    specs: list[tuple[str, Any, Any]] = []
    for f in dataclasses.fields(cls):
        options: dict[str, Any] = {
            "init": f.init,
            "repr": f.repr,
            "hash": f.hash,
            "compare": f.compare,
            "kw_only": f.kw_only,
        }
        if f.default is not dataclasses.MISSING:
            options["default"] = f.default
        if f.default_factory is not dataclasses.MISSING:
            options["default_factory"] = f.default_factory
        specs.append((f.name, f.type, dataclasses.field(**options)))
    return dataclasses.make_dataclass(cls.__name__, specs, frozen=True, slots=True, kw_only=True)


def field_values(instance: Any) -> dict[str, Any]:
    return {f.name: getattr(instance, f.name) for f in dataclasses.fields(instance)}


def init_arguments(instance: Any) -> dict[str, Any]:
    """The keyword arguments that build ``instance`` again: its ``init`` fields."""
    return {f.name: getattr(instance, f.name) for f in dataclasses.fields(instance) if f.init}


def twin_of(instance: Any) -> Any:
    """An instance of ``generated_twin(type(instance))`` with the same field values."""
    twin = generated_twin(type(instance))(**init_arguments(instance))
    for f in dataclasses.fields(instance):
        if not f.init:
            object.__setattr__(twin, f.name, getattr(instance, f.name))
    return twin


@override_settings(TASKS=DUMMY)
class GeneratedMethodsTests(SimpleTestCase):
    """The dataclasses' methods are the ones @dataclass generates, as on Django 6."""

    def instances(self) -> dict[str, Any]:
        result = example_tasks.add.using(priority=3, queue_name="queue_1").enqueue(1, 2)
        return {
            "Task": result.task,
            "TaskResult": result,
            "TaskError": TaskError(exception_class_path="builtins.ValueError", traceback="Tb"),
        }

    def test_dataclass_flags(self) -> None:
        classes: tuple[Any, ...] = (Task, TaskError, TaskResult)
        for cls in classes:
            params = cls.__dataclass_params__
            with self.subTest(cls=cls.__name__):
                self.assertTrue(params.eq)
                self.assertTrue(params.frozen)
                self.assertFalse(params.order)
                self.assertFalse(params.unsafe_hash)
                self.assertEqual(cls.__match_args__, ())

    def test_init_signature(self) -> None:
        def described(cls: Any) -> list[tuple[str, Any, Any]]:
            return [
                (p.name, p.kind, p.default) for p in inspect.signature(cls).parameters.values()
            ]

        for cls in (Task, TaskError, TaskResult):
            with self.subTest(cls=cls.__name__):
                self.assertEqual(described(cls), described(generated_twin(cls)))

    def test_init_errors(self) -> None:
        calls: list[tuple[type, tuple[Any, ...], dict[str, Any]]] = [
            (TaskError, (), {"exception_class_path": "builtins.ValueError"}),
            (TaskError, ("builtins.ValueError", "Tb"), {}),
            (TaskError, (), {"exception_class_path": "x", "traceback": "", "extra": 1}),
            (Task, (), {}),
            (Task, (example_tasks.add.func,), {}),
            (TaskResult, (), {"id": "x"}),
        ]
        for cls, args, kwargs in calls:
            with self.subTest(cls=cls.__name__, args=args, kwargs=kwargs):
                with self.assertRaises(TypeError) as ours:
                    cls(*args, **kwargs)
                with self.assertRaises(TypeError) as generated:
                    generated_twin(cls)(*args, **kwargs)
                self.assertEqual(str(ours.exception), str(generated.exception))

    def test_init_sets_every_field(self) -> None:
        for name, instance in self.instances().items():
            arguments = init_arguments(instance)
            with self.subTest(name):
                built = type(instance)(**arguments)
                generated = generated_twin(type(instance))(**arguments)
                self.assertEqual(field_values(built), field_values(generated))

    def test_repr(self) -> None:
        for name, instance in self.instances().items():
            with self.subTest(name):
                self.assertEqual(repr(instance), repr(twin_of(instance)))
        self.assertEqual(
            repr(TaskError(exception_class_path="a.B", traceback="Tb")),
            "TaskError(exception_class_path='a.B', traceback='Tb')",
        )

    def test_recursive_repr(self) -> None:
        class Loop:
            error: Any = None

            def __repr__(self) -> str:
                return repr(self.error)

        loop = Loop()
        loop.error = TaskError(exception_class_path="a.B", traceback=loop)  # type: ignore[arg-type]
        self.assertEqual(repr(loop.error), "TaskError(exception_class_path='a.B', traceback=...)")

    def test_hash(self) -> None:
        for name, instance in self.instances().items():
            with self.subTest(name):
                twin = twin_of(instance)
                if name == "TaskResult":
                    # Its lists make it unhashable, as Django's.
                    with self.assertRaisesMessage(TypeError, "unhashable type: 'list'"):
                        hash(instance)
                    with self.assertRaisesMessage(TypeError, "unhashable type: 'list'"):
                        hash(twin)
                else:
                    self.assertEqual(hash(instance), hash(twin))
                    self.assertEqual(hash(instance), hash(dataclasses.replace(instance)))
        self.assertNotEqual(hash(example_tasks.add), hash(example_tasks.add.using(priority=1)))


class TaskDecoratorTests(SimpleTestCase):
    def test_bare_and_called(self) -> None:
        self.assertIsInstance(example_tasks.add, Task)
        self.assertIsInstance(example_tasks.noop, Task)
        self.assertEqual(example_tasks.noop.priority, DEFAULT_TASK_PRIORITY)

    def test_decorator_options(self) -> None:
        def f() -> None: ...

        f.__qualname__ = "f"  # make it look module-level
        made = task(priority=3, queue_name="default", takes_context=False)(f)
        self.assertEqual(made.priority, 3)
        self.assertIs(made.func, f)

    def test_takes_context(self) -> None:
        self.assertTrue(example_tasks.context_info.takes_context)

    @unittest.skipIf(django.VERSION[:2] == (6, 0), "Django 6.1 added task(**kwargs)")
    def test_run_after_is_rejected(self) -> None:
        with self.assertRaisesMessage(
            TypeError,
            "run_after cannot be defined statically with the @task decorator. "
            "Use .using(run_after=...) to set it dynamically.",
        ):
            task(run_after=timezone.now())  # type: ignore[call-overload]

    @unittest.skipIf(django.VERSION[:2] == (6, 0), "Django 6.1 added task(**kwargs)")
    def test_extra_kwargs_reach_the_backends_task_class(self) -> None:
        @dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
        class TaskWithExtra(Task):  # type: ignore[type-arg]
            extra: str = ""

        class Backend(DummyBackend):
            task_class = TaskWithExtra

        with override_settings(TASKS={"default": {"BACKEND": f"{__name__}.Backend"}}):
            globals()["Backend"] = Backend
            try:
                # No task() overload takes extra keyword arguments.
                made = cast(
                    TaskWithExtra,
                    task(extra="hello")(example_tasks.noop.func),  # type: ignore[call-overload]
                )
            finally:
                del globals()["Backend"]
        self.assertIsInstance(made, TaskWithExtra)
        self.assertEqual(made.extra, "hello")

    @unittest.skipIf(django.VERSION[:2] == (6, 0), "Django 6.1 added task(**kwargs)")
    def test_unknown_kwarg_is_a_type_error(self) -> None:
        with self.assertRaises(TypeError):
            task(colour="blue")(example_tasks.noop.func)  # type: ignore[call-overload]


@override_settings(TASKS=DUMMY)
class TaskUsingTests(SimpleTestCase):
    def test_using_returns_a_new_task(self) -> None:
        changed = example_tasks.noop.using(priority=5, queue_name="queue_1")
        self.assertIsNot(changed, example_tasks.noop)
        self.assertEqual((changed.priority, changed.queue_name), (5, "queue_1"))
        self.assertEqual(example_tasks.noop.priority, 0)

    def test_using_none_keeps_values(self) -> None:
        changed = example_tasks.noop.using(priority=5).using()
        self.assertEqual(changed.priority, 5)

    def test_using_run_after(self) -> None:
        when = timezone.now() + timedelta(hours=1)
        self.assertEqual(example_tasks.noop.using(run_after=when).run_after, when)

    def test_using_validates(self) -> None:
        from django_tasks.exceptions import InvalidTask

        with self.assertRaisesMessage(InvalidTask, "Queue 'nope' is not valid for backend."):
            example_tasks.noop.using(queue_name="nope")


class CallTests(SimpleTestCase):
    def test_call_sync(self) -> None:
        self.assertEqual(example_tasks.add.call(1, 2), 3)

    def test_call_async_function_from_sync(self) -> None:
        self.assertEqual(example_tasks.async_add.call(1, 2), 3)

    async def test_acall_async(self) -> None:
        self.assertEqual(await example_tasks.async_add.acall(2, 2), 4)

    async def test_acall_sync_function(self) -> None:
        self.assertEqual(await example_tasks.add.acall(2, 3), 5)


@override_settings(TASKS=DUMMY)
class ResultLookupTests(SimpleTestCase):
    def setUp(self) -> None:
        default_task_backend.clear()  # type: ignore[attr-defined]

    def test_get_result(self) -> None:
        result = example_tasks.add.enqueue(1, 2)
        self.assertEqual(example_tasks.add.get_result(result.id), result)

    async def test_aget_result(self) -> None:
        result = await example_tasks.add.aenqueue(1, 2)
        self.assertEqual(await example_tasks.add.aget_result(result.id), result)

    def test_get_result_of_another_task(self) -> None:
        result = example_tasks.add.enqueue(1, 2)
        with self.assertRaisesMessage(
            TaskResultMismatch, "Task does not match (received 'example_tasks.add')"
        ):
            example_tasks.noop.get_result(result.id)

    def test_get_unknown_result(self) -> None:
        with self.assertRaisesMessage(TaskResultDoesNotExist, "nope"):
            example_tasks.add.get_result("nope")

    def test_refresh(self) -> None:
        result = example_tasks.add.enqueue(1, 2)
        stored = default_task_backend.get_result(result.id)
        object.__setattr__(stored, "status", TaskResultStatus.RUNNING)
        self.assertEqual(result.status, TaskResultStatus.READY)
        result.refresh()
        self.assertEqual(result.status, TaskResultStatus.RUNNING)

    async def test_arefresh(self) -> None:
        result = await example_tasks.add.aenqueue(1, 2)
        stored = await default_task_backend.aget_result(result.id)
        object.__setattr__(stored, "worker_ids", ["w"])
        await result.arefresh()
        self.assertEqual(result.attempts, 1)


@unittest.skipIf(django.VERSION[:2] == (6, 0), "Django 6.1 made tasks picklable")
class PickleTests(SimpleTestCase):
    def test_round_trip(self) -> None:
        changed = example_tasks.add.using(priority=4)
        restored = pickle.loads(pickle.dumps(changed))
        self.assertEqual(restored, changed)
        self.assertIs(restored.func, example_tasks.add.func)

    def test_pickled_by_path_not_by_function(self) -> None:
        payload = pickle.dumps(example_tasks.add)
        self.assertIn(b"example_tasks.add", payload)

    def test_path_to_a_non_task(self) -> None:
        with self.assertRaisesMessage(
            ValueError, "Expected 'example_tasks.plain_function' to point to a Task instance."
        ):
            # Not in django-stubs; the backport has it.
            Task._reconstruct({"func": "example_tasks.plain_function"})  # type: ignore[attr-defined, unused-ignore]

    def test_path_that_does_not_import(self) -> None:
        with self.assertRaisesMessage(
            ValueError, "Expected 'no.such.module' to point to a Task instance."
        ):
            Task._reconstruct({"func": "no.such.module"})  # type: ignore[attr-defined, unused-ignore]

    def test_result_round_trip(self) -> None:
        result = example_tasks.add.enqueue(1, 2)
        restored = pickle.loads(pickle.dumps(result))
        self.assertEqual(restored.id, result.id)
        self.assertEqual(restored.return_value, 3)


class TaskResultTests(SimpleTestCase):
    def make(self, **overrides: object) -> "TaskResult[..., Any]":
        values: dict[str, object] = {
            "task": example_tasks.noop,
            "id": "abc",
            "status": TaskResultStatus.READY,
            "enqueued_at": None,
            "started_at": None,
            "finished_at": None,
            "last_attempted_at": None,
            "args": (1, (2, 3), b"x"),
            "kwargs": {"a": {"b": (4,)}},
            "backend": "default",
            "errors": [],
            "worker_ids": [],
        }
        values.update(overrides)
        return TaskResult(**values)  # type: ignore[arg-type]

    def test_args_and_kwargs_are_normalised(self) -> None:
        result = self.make()
        self.assertEqual(result.args, [1, [2, 3], "x"])
        self.assertEqual(result.kwargs, {"a": {"b": [4]}})

    def test_unsupported_argument(self) -> None:
        with self.assertRaisesMessage(TypeError, "Unsupported type: <class 'object'>"):
            self.make(args=[object()])

    def test_return_value_states(self) -> None:
        with self.assertRaisesMessage(ValueError, "Task has not finished yet"):
            self.make().return_value  # noqa: B018
        with self.assertRaisesMessage(ValueError, "Task failed"):
            self.make(status=TaskResultStatus.FAILED).return_value  # noqa: B018
        successful = self.make(status=TaskResultStatus.SUCCESSFUL)
        self.assertIsNone(successful.return_value)

    def test_is_finished_and_attempts(self) -> None:
        self.assertFalse(self.make().is_finished)
        self.assertFalse(self.make(status=TaskResultStatus.RUNNING).is_finished)
        self.assertTrue(self.make(status=TaskResultStatus.FAILED).is_finished)
        self.assertTrue(self.make(status=TaskResultStatus.SUCCESSFUL).is_finished)
        self.assertEqual(self.make(worker_ids=["a", "b"]).attempts, 2)

    def test_frozen(self) -> None:
        with self.assertRaises(dataclasses.FrozenInstanceError):
            # django-stubs does not declare TaskResult frozen; it is, in Django too.
            self.make().status = TaskResultStatus.FAILED  # type: ignore[misc, unused-ignore]

    def test_context_attempt(self) -> None:
        context: TaskContext[..., Any] = TaskContext(task_result=self.make(worker_ids=["a"]))
        self.assertEqual(context.attempt, 1)


class TaskErrorTests(SimpleTestCase):
    def test_exception_class(self) -> None:
        error = TaskError(exception_class_path="builtins.ValueError", traceback="tb")
        self.assertIs(error.exception_class, ValueError)

    def test_not_an_exception(self) -> None:
        error = TaskError(exception_class_path="builtins.object", traceback="")
        with self.assertRaisesMessage(
            ValueError, "'builtins.object' does not reference a valid exception."
        ):
            error.exception_class  # noqa: B018

    def test_not_a_class(self) -> None:
        error = TaskError(exception_class_path="os.getcwd", traceback="")
        with self.assertRaisesMessage(ValueError, "'os.getcwd' does not reference a valid"):
            error.exception_class  # noqa: B018

    def test_unknown_path(self) -> None:
        error = TaskError(exception_class_path="no.such.Error", traceback="")
        with self.assertRaises(ImportError):
            error.exception_class  # noqa: B018
