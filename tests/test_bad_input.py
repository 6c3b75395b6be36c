"""Bad input: one table of misuses, each with the exception Django 6.1 raises.

Every row names the misuse, the exception class and the message. The table runs
against ``django_tasks`` on every Django (the backport below 6.0, the built-in
from 6.0), and on Django 6 a differential test runs it against the backport and
the built-in side by side. Where Django fails obscurely the backport raises a
clearer error instead: a subclass of exactly Django's class (``divergence``
below, tagged ``Divergence:`` in ``django_tasks/_backport``), so ``except
<Django's class>`` catches it on every Django.

``python tests/test_bad_input.py`` prints the table as the README's Markdown.
"""

from __future__ import annotations

import builtins
import datetime
import decimal
import functools
import pickle
import re
import sys
import unittest
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import django
import example_tasks
from asgiref.sync import async_to_sync
from django.test import SimpleTestCase, override_settings
from django.utils import timezone

import django_tasks
import django_tasks.base
import django_tasks.exceptions
from django_tasks import TaskResultStatus
from django_tasks.backends.immediate import ImmediateBackend

# Module-level functions (tasks must be module-level) wrapped by the cases.


def plain(*args: Any, **kwargs: Any) -> None:
    return None


async def plain_async() -> None:
    return None


def no_context(value: int) -> None:
    return None


def context_second(value: int, context: Any) -> None:
    return None


def returns_object() -> object:
    return object()


def returns_circular() -> list[Any]:
    circular: list[Any] = []
    circular.append(circular)
    return circular


def keyword_only(*, value: int) -> int:
    return value


def make_nested() -> Callable[[], None]:
    def nested() -> None:
        return None

    return nested


class Method:
    def method(self) -> None:
        return None


class LimitedBackend(ImmediateBackend):
    """A backend without async or priority support (Django's flags off)."""

    supports_async_task = False
    supports_priority = False


class Pickles:
    """An object pickle could carry; JSON cannot."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (print, ("never called",))


def _circular_list() -> list[Any]:
    value: list[Any] = []
    value.append(value)
    return value


def _circular_dict() -> dict[str, Any]:
    value: dict[str, Any] = {}
    value["self"] = value
    return value


def _generator() -> Iterator[int]:
    yield 1


def _deeply_nested() -> list[Any]:
    # Deeper than the recursion limit, with no cycle.
    outer: list[Any] = []
    inner = outer
    for _ in range(sys.getrecursionlimit() + 100):
        inner.append([])
        inner = inner[0]
    return outer


# The implementations the table runs against.


@dataclass(frozen=True)
class Api:
    name: str
    task: Callable[..., Any]
    Task: type[Any]
    task_backends: Any
    base: ModuleType
    exceptions: ModuleType
    backend_paths: dict[str, str]
    # Whether pickle can name its classes: the backport's carry their public
    # module path, which names the built-in's classes on Django 6.
    picklable: bool = True

    def tasks_setting(self) -> dict[str, dict[str, Any]]:
        return {alias: {"BACKEND": path} for alias, path in self.backend_paths.items()}


def public_api() -> Api:
    """``django_tasks``: the backport below Django 6.0, the built-in from 6.0."""
    return Api(
        name="django_tasks",
        task=django_tasks.task,
        Task=django_tasks.Task,
        task_backends=django_tasks.task_backends,
        base=django_tasks.base,
        exceptions=django_tasks.exceptions,
        # Settings as a Django 6 project writes them.
        backend_paths={
            "default": "django.tasks.backends.immediate.ImmediateBackend",
            "dummy": "django.tasks.backends.dummy.DummyBackend",
            "limited": f"{__name__}.LimitedBackend",
        },
    )


def backport_api() -> Api:
    """The backport itself, also on Django 6 (its registry is its own).

    Imported only here: on Django 6 importing the backport connects its
    receivers and system check (DifferentialTests takes them out again).
    """
    import django_tasks._backport as backport
    from django_tasks._backport import base, exceptions
    from django_tasks._backport.backends.immediate import ImmediateBackend as Immediate

    # LimitedBackend for the backport's registry, found at this module's path.
    globals()["BackportLimitedBackend"] = type(
        "BackportLimitedBackend",
        (Immediate,),
        {"supports_async_task": False, "supports_priority": False},
    )
    return Api(
        name="backport",
        task=base.task,
        Task=base.Task,
        task_backends=backport.task_backends,
        base=base,
        exceptions=exceptions,
        backend_paths={
            "default": "django_tasks._backport.backends.immediate.ImmediateBackend",
            "dummy": "django_tasks._backport.backends.dummy.DummyBackend",
            "limited": f"{__name__}.BackportLimitedBackend",
        },
        picklable=False,
    )


# What a case does: raise, record a failure on the result, or be accepted.


@dataclass(frozen=True)
class Loose:
    """A message that varies between Python versions: a regex, and how to show it."""

    pattern: str
    shown: str


@dataclass(frozen=True)
class Raises:
    exception: str  # A name in django_tasks.exceptions, or a builtin exception.
    message: str | Loose


@dataclass(frozen=True)
class Records:
    """The task ends FAILED with this error recorded; nothing is raised."""

    exception: str
    message: str | Loose  # The traceback's last line after "Class: ".


@dataclass(frozen=True)
class Accepts:
    """Django accepts it; so does the backport (documented, not an error)."""

    what: str


@dataclass(frozen=True)
class Divergence:
    """The backport's clearer error: a subclass of the class Django raises."""

    message: str


@dataclass(frozen=True)
class Case:
    name: str  # The input, as the README lists it.
    call: Callable[[Api], Any]
    expected: Raises | Records | Accepts
    divergence: Divergence | None = None
    tasks: Callable[[Api], Any] | None = None  # TASKS for this case, if not the table's.
    use_tz: bool = True
    note: str = ""
    # Django 6.0 lacks some of 6.1's behaviour (Task defaults, pickling,
    # task(**kwargs)); such cases run on the built-in from 6.1 only.
    builtin_since: tuple[int, int] = (6, 0)


def _enqueue(*args: Any, **kwargs: Any) -> Callable[[Api], Any]:
    return lambda api: api.task(plain).enqueue(*args, **kwargs)


def _recorded(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Callable[[Api], Any]:
    return lambda api: api.task(func).enqueue(*args, **kwargs)


def _dummy_task(api: Api, task: Any) -> Any:
    # The Task found at its module path: Django 6.1's DummyBackend deep-copies
    # results, which re-imports the Task by path.
    return api.task(task.func, backend="dummy")


def _mismatch(api: Api) -> Any:
    result = _dummy_task(api, example_tasks.noop).enqueue()
    return _dummy_task(api, example_tasks.add).get_result(result.id)


class CraftedTaskPickle:
    """Pickles as a Task whose function path is ``path`` (a hand-made payload)."""

    def __init__(self, task: Any, path: str) -> None:
        self.task, self.path = task, path

    def __reduce__(self) -> tuple[Any, ...]:
        reconstruct, (kwargs,) = self.task.__reduce__()
        return (reconstruct, ({**kwargs, "func": self.path},))


def unpickle_crafted(api: Api, path: str) -> Any:
    crafted = CraftedTaskPickle(api.task(plain), path)
    if not api.picklable:
        # What pickle.loads would call.
        reconstruct, args = crafted.__reduce__()
        return reconstruct(*args)
    return pickle.loads(pickle.dumps(crafted))


def _setting(tasks: Any) -> Callable[[Api], Any]:
    return lambda api: tasks


def _backend(path: str) -> Callable[[Api], Any]:
    return lambda api: {"default": {"BACKEND": path}}


_RECURSION = Loose(r"maximum recursion depth exceeded.*", "maximum recursion depth exceeded…")
_NESTED = Divergence(
    "Unsupported value: circular or nested too deeply "
    "(maximum recursion depth exceeded while normalizing to JSON)."
)
_NOT_MODULE_LEVEL = Raises("InvalidTask", "Task function must be defined at a module level.")
_PRIORITY_RANGE = Raises("InvalidTask", "priority must be a whole number between -100 and 100.")
_AWARE = datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc)
_NAIVE = datetime.datetime(2030, 1, 1)


def _not_a_datetime(type_name: str) -> Divergence:
    return Divergence(
        f"run_after must be a datetime, not {type_name!r} "
        "(for a delay, pass timezone.now() + timedelta(...))."
    )


def _not_a_backend(path: str) -> Divergence:
    return Divergence(f"Backend '{path}' is not a subclass of BaseTaskBackend.")


CASES: list[Case] = [
    # Arguments: JSON types only (normalize_json), checked at enqueue.
    Case(
        "argument object()",
        _enqueue(object()),
        Raises("TypeError", "Unsupported type: <class 'object'>"),
    ),
    Case("argument set", _enqueue({1, 2}), Raises("TypeError", "Unsupported type: <class 'set'>")),
    Case(
        "argument frozenset",
        _enqueue(frozenset()),
        Raises("TypeError", "Unsupported type: <class 'frozenset'>"),
    ),
    Case(
        "argument Decimal",
        _enqueue(decimal.Decimal("1.5")),
        Raises("TypeError", "Unsupported type: <class 'decimal.Decimal'>"),
    ),
    Case(
        "argument datetime",
        _enqueue(_AWARE),
        Raises("TypeError", "Unsupported type: <class 'datetime.datetime'>"),
    ),
    Case(
        "argument complex",
        _enqueue(1j),
        Raises("TypeError", "Unsupported type: <class 'complex'>"),
    ),
    Case(
        "argument generator",
        _enqueue(_generator()),
        Raises("TypeError", "Unsupported type: <class 'generator'>"),
    ),
    Case(
        "argument with __reduce__ (picklable, not JSON)",
        _enqueue(Pickles()),
        Raises("TypeError", f"Unsupported type: <class '{__name__}.Pickles'>"),
    ),
    Case(
        "keyword argument object()",
        _enqueue(value=object()),
        Raises("TypeError", "Unsupported type: <class 'object'>"),
    ),
    Case(
        "aenqueue argument object()",
        lambda api: async_to_sync(api.task(plain).aenqueue)(object()),
        Raises("TypeError", "Unsupported type: <class 'object'>"),
    ),
    Case(
        "argument non-UTF-8 bytes",
        _enqueue(b"\xff"),
        Raises("ValueError", "Unsupported value: <class 'bytes'>"),
    ),
    Case(
        "dict key object()",
        _enqueue({object(): 1}),
        Raises("TypeError", "Unsupported type: <class 'object'>"),
    ),
    Case(
        "dict key tuple (becomes an unhashable list)",
        _enqueue({(1, 2): 1}),
        Raises("TypeError", Loose(r".*unhashable type: 'list'.*", "unhashable type: 'list'")),
    ),
    Case(
        "argument circular list",
        _enqueue(_circular_list()),
        Raises("RecursionError", _RECURSION),
        _NESTED,
    ),
    Case(
        "argument circular dict",
        _enqueue(_circular_dict()),
        Raises("RecursionError", _RECURSION),
        _NESTED,
    ),
    Case(
        "argument nested deeper than the recursion limit",
        _enqueue(_deeply_nested()),
        Raises("RecursionError", _RECURSION),
        _NESTED,
    ),
    Case(
        "dict key int",
        lambda api: api.task(plain).enqueue({1: "a"}).args,
        Accepts("kept as an int key, not turned into a string"),
    ),
    Case(
        "argument NaN or infinity",
        lambda api: api.task(plain).enqueue(float("nan"), float("inf")).args,
        Accepts("kept as floats (not strict JSON)"),
    ),
    Case(
        "argument tuple",
        lambda api: api.task(plain).enqueue((1, (2,))).args,
        Accepts("becomes a list"),
    ),
    # Return values: checked after the task ran; the task fails, the caller gets no error.
    Case(
        "return value object()",
        _recorded(returns_object),
        Records("TypeError", "Unsupported type: <class 'object'>"),
    ),
    Case(
        "return value circular",
        _recorded(returns_circular),
        Records("RecursionError", _RECURSION),
        _NESTED,
    ),
    Case(
        "arguments the function does not take",
        _recorded(keyword_only, 1),
        Records(
            "TypeError",
            "keyword_only() takes 0 positional arguments but 1 was given",
        ),
    ),
    Case(
        "return_value of a failed result",
        lambda api: api.task(returns_object).enqueue().return_value,
        Raises("ValueError", "Task failed"),
    ),
    Case(
        "return_value of an unfinished result",
        lambda api: _dummy_task(api, example_tasks.noop).enqueue().return_value,
        Raises("ValueError", "Task has not finished yet"),
    ),
    # The function.
    Case("lambda", lambda api: api.task(lambda: None), _NOT_MODULE_LEVEL),
    Case("nested function", lambda api: api.task(make_nested()), _NOT_MODULE_LEVEL),
    Case("bound method", lambda api: api.task(Method().method), _NOT_MODULE_LEVEL),
    Case("builtin function", lambda api: api.task(print), _NOT_MODULE_LEVEL),
    Case(
        "functools.partial", lambda api: api.task(functools.partial(plain, 1)), _NOT_MODULE_LEVEL
    ),
    Case("class", lambda api: api.task(Method), _NOT_MODULE_LEVEL),
    Case(
        "Task(func=None)", lambda api: api.Task(func=None), _NOT_MODULE_LEVEL, builtin_since=(6, 1)
    ),
    Case(
        "takes_context without a context parameter",
        lambda api: api.task(no_context, takes_context=True),
        Raises(
            "InvalidTask", "Task takes context but does not have a first argument of 'context'."
        ),
    ),
    Case(
        "takes_context with context not first",
        lambda api: api.task(context_second, takes_context=True),
        Raises(
            "InvalidTask", "Task takes context but does not have a first argument of 'context'."
        ),
    ),
    Case(
        "async function, backend without async support",
        lambda api: api.task(plain_async, backend="limited"),
        Raises("InvalidTask", "Backend does not support async Tasks."),
    ),
    Case(
        "@task(run_after=...)",
        lambda api: api.task(plain, run_after=_AWARE),
        Raises(
            "TypeError",
            "run_after cannot be defined statically with the @task decorator. "
            "Use .using(run_after=...) to set it dynamically.",
        ),
        builtin_since=(6, 1),
    ),
    Case(
        "@task(unknown=...)",
        lambda api: api.task(plain, unknown=1),
        Raises(
            "TypeError",
            "Task.__init__() got an unexpected keyword argument 'unknown'",
        ),
        builtin_since=(6, 1),
    ),
    # Priority.
    Case("priority 101", lambda api: api.task(plain, priority=101), _PRIORITY_RANGE),
    Case("priority -101", lambda api: api.task(plain).using(priority=-101), _PRIORITY_RANGE),
    Case("priority 1.5", lambda api: api.task(plain, priority=1.5), _PRIORITY_RANGE),
    Case("priority infinity", lambda api: api.task(plain, priority=float("inf")), _PRIORITY_RANGE),
    Case(
        "priority NaN",
        lambda api: api.task(plain, priority=float("nan")),
        Raises("ValueError", "cannot convert float NaN to integer"),
        Divergence("priority must be a whole number between -100 and 100, not nan."),
    ),
    Case(
        "priority '5' (a string)",
        lambda api: api.task(plain, priority="5"),
        Raises("TypeError", "'<' not supported between instances of 'str' and 'int'"),
        Divergence("priority must be a whole number between -100 and 100, not '5'."),
    ),
    Case(
        "priority on a backend without priority support",
        lambda api: api.task(plain, backend="limited", priority=1),
        Raises("InvalidTask", "Backend does not support setting priority of tasks."),
    ),
    Case(
        "priority True",
        lambda api: api.task(plain, priority=True).priority,
        Accepts("as 1: a bool is an int"),
    ),
    Case(
        "priority 1.0",
        lambda api: api.task(plain, priority=1.0).priority,
        Accepts("a whole number"),
    ),
    # run_after.
    Case(
        "run_after naive datetime, USE_TZ = True",
        lambda api: api.task(plain, backend="dummy").using(run_after=_NAIVE),
        Raises("InvalidTask", "run_after must be an aware datetime."),
    ),
    Case(
        "run_after on a backend without defer support",
        lambda api: api.task(plain).using(run_after=_AWARE),
        Raises("InvalidTask", "Backend does not support run_after."),
    ),
    Case(
        "run_after timedelta, USE_TZ = True",
        lambda api: api.task(plain, backend="dummy").using(
            run_after=datetime.timedelta(minutes=5)
        ),
        Raises("AttributeError", "'datetime.timedelta' object has no attribute 'utcoffset'"),
        _not_a_datetime("timedelta"),
        note="Django's docs say a timedelta works; its code rejects it.",
    ),
    Case(
        "run_after date, USE_TZ = True",
        lambda api: api.task(plain, backend="dummy").using(run_after=datetime.date(2030, 1, 1)),
        Raises("AttributeError", "'datetime.date' object has no attribute 'utcoffset'"),
        _not_a_datetime("date"),
    ),
    Case(
        "run_after ISO string, USE_TZ = True",
        lambda api: api.task(plain, backend="dummy").using(run_after="2030-01-01T00:00:00Z"),
        Raises("AttributeError", "'str' object has no attribute 'utcoffset'"),
        _not_a_datetime("str"),
    ),
    Case(
        "run_after timedelta, USE_TZ = False",
        lambda api: (
            type(
                api.task(plain, backend="dummy")
                .using(run_after=datetime.timedelta(minutes=5))
                .run_after
            ).__name__
        ),
        Accepts("stored as is, as Django does"),
        use_tz=False,
    ),
    # Queues and backends.
    Case(
        "unknown queue",
        lambda api: api.task(plain).using(queue_name="nope"),
        Raises("InvalidTask", "Queue 'nope' is not valid for backend."),
    ),
    Case(
        "unknown backend alias (using)",
        lambda api: api.task(plain).using(backend="nope"),
        Raises("InvalidTaskBackend", "The connection 'nope' doesn't exist."),
    ),
    Case(
        "unknown backend alias (@task)",
        lambda api: api.task(plain, backend="nope"),
        Raises("InvalidTaskBackend", "The connection 'nope' doesn't exist."),
    ),
    # TASKS.
    Case(
        "BACKEND not importable",
        lambda api: api.task(plain),
        Raises(
            "InvalidTaskBackend", "Could not find backend 'nope.Backend': No module named 'nope'"
        ),
        tasks=_backend("nope.Backend"),
    ),
    Case(
        "BACKEND not a dotted path",
        lambda api: api.task(plain),
        Raises(
            "InvalidTaskBackend",
            "Could not find backend 'nope': nope doesn't look like a module path",
        ),
        tasks=_backend("nope"),
    ),
    Case(
        "BACKEND a function",
        lambda api: api.task(plain),
        Raises("TypeError", "join() got an unexpected keyword argument 'alias'"),
        _not_a_backend("os.path.join"),
        tasks=_backend("os.path.join"),
    ),
    Case(
        "BACKEND a string constant",
        lambda api: api.task(plain),
        Raises("TypeError", "'str' object is not callable"),
        _not_a_backend("os.sep"),
        tasks=_backend("os.sep"),
    ),
    Case(
        "BACKEND a class that is not a backend",
        lambda api: api.task(plain),
        Raises("TypeError", "object() takes no arguments"),
        _not_a_backend("builtins.object"),
        tasks=_backend("builtins.object"),
    ),
    Case(
        "BACKEND the abstract BaseTaskBackend",
        lambda api: api.task(plain),
        # Python's own message: 3.12 reworded it ("with abstract method enqueue" before).
        Raises(
            "TypeError",
            Loose(
                r"Can't instantiate abstract class BaseTaskBackend (without an implementation "
                r"for abstract method 'enqueue'|with abstract method enqueue)",
                "Can't instantiate abstract class BaseTaskBackend ... abstract method ...",
            ),
        ),
        tasks=lambda api: _backend(
            api.backend_paths["default"].replace(
                "immediate.ImmediateBackend", "base.BaseTaskBackend"
            )
        )(api),
    ),
    Case(
        "backend settings without BACKEND",
        lambda api: api.task(plain),
        Raises("KeyError", "'BACKEND'"),
        tasks=_setting({"default": {}}),
    ),
    Case(
        "QUEUES None",
        lambda api: api.task(plain),
        Raises("TypeError", "'NoneType' object is not iterable"),
        tasks=lambda api: {"default": {"BACKEND": api.backend_paths["default"], "QUEUES": None}},
    ),
    Case(
        'TASKS without "default"',
        lambda api: api.task(plain),
        Raises("InvalidTaskBackend", "The connection 'default' doesn't exist."),
        tasks=lambda api: {"other": {"BACKEND": api.backend_paths["default"]}},
    ),
    Case(
        "TASKS a list",
        lambda api: api.task(plain),
        Raises("InvalidTaskBackend", "The connection 'default' doesn't exist."),
        tasks=_setting([]),
    ),
    Case(
        "TASKS None",
        lambda api: api.task(plain),
        Raises(
            "TypeError",
            Loose(
                r"argument of type 'NoneType' is not (iterable|a container or iterable)",
                "argument of type 'NoneType' is not iterable",
            ),
        ),
        tasks=_setting(None),
    ),
    # Results.
    Case(
        "get_result with an unknown id",
        lambda api: _dummy_task(api, example_tasks.noop).get_result("nope"),
        Raises("TaskResultDoesNotExist", "nope"),
    ),
    Case(
        "aget_result with an unknown id",
        lambda api: async_to_sync(_dummy_task(api, example_tasks.noop).aget_result)("nope"),
        Raises("TaskResultDoesNotExist", "nope"),
    ),
    Case(
        "get_result with another task's id",
        _mismatch,
        Raises("TaskResultMismatch", "Task does not match (received 'example_tasks.noop')"),
    ),
    Case(
        "get_result on ImmediateBackend",
        lambda api: api.task(plain).get_result("nope"),
        Raises(
            "NotImplementedError",
            "This backend does not support retrieving or refreshing results.",
        ),
    ),
    Case(
        "refresh() on ImmediateBackend",
        lambda api: api.task(plain).enqueue().refresh(),
        Raises(
            "NotImplementedError",
            "This backend does not support retrieving or refreshing results.",
        ),
    ),
    # Stored data read back.
    Case(
        "TaskError.exception_class, path to a function",
        lambda api: (
            api.base.TaskError(exception_class_path="os.system", traceback="").exception_class
        ),
        Raises("ValueError", "'os.system' does not reference a valid exception."),
    ),
    Case(
        "TaskError.exception_class, path to a non-exception class",
        lambda api: (
            api.base.TaskError(exception_class_path="builtins.int", traceback="").exception_class
        ),
        Raises("ValueError", "'builtins.int' does not reference a valid exception."),
    ),
    Case(
        "TaskError.exception_class, unimportable path",
        lambda api: (
            api.base.TaskError(exception_class_path="nope.Error", traceback="").exception_class
        ),
        Raises("ModuleNotFoundError", "No module named 'nope'"),
    ),
    Case(
        "unpickling a Task whose path is os.system",
        lambda api: unpickle_crafted(api, "os.system"),
        Raises("ValueError", "Expected 'os.system' to point to a Task instance."),
        builtin_since=(6, 1),
    ),
    Case(
        "unpickling a Task whose path is builtins.exec",
        lambda api: unpickle_crafted(api, "builtins.exec"),
        Raises("ValueError", "Expected 'builtins.exec' to point to a Task instance."),
        builtin_since=(6, 1),
    ),
    Case(
        "unpickling a Task whose path is not importable",
        lambda api: unpickle_crafted(api, "nope.task"),
        Raises("ValueError", "Expected 'nope.task' to point to a Task instance."),
        builtin_since=(6, 1),
    ),
]


# Running a case and comparing outcomes.


@dataclass(frozen=True)
class Outcome:
    kind: str  # "raises", "records" or "accepts"
    exception: type[BaseException] | None = None
    message: str = ""
    value: Any = None


def _exception_class(api: Api, name: str) -> type[BaseException]:
    found = getattr(api.exceptions, name, None) or getattr(builtins, name)
    assert isinstance(found, type) and issubclass(found, BaseException)
    return found


def run_case(api: Api, case: Case) -> Outcome:
    tasks = case.tasks(api) if case.tasks else api.tasks_setting()
    with override_settings(TASKS=tasks, USE_TZ=case.use_tz):
        try:
            value = case.call(api)
        except Exception as e:
            return Outcome("raises", type(e), str(e))
    if getattr(value, "status", None) == TaskResultStatus.FAILED:
        (error,) = value.errors
        last_line = error.traceback.rstrip().splitlines()[-1]
        return Outcome("records", error.exception_class, last_line.split(": ", 1)[1])
    return Outcome("accepts", value=value)


def _matches(expected: str | Loose, message: str) -> bool:
    if isinstance(expected, Loose):
        return re.fullmatch(expected.pattern, message) is not None
    return expected == message


class OutcomeAssertions(SimpleTestCase):
    def assertOutcome(self, api: Api, case: Case, outcome: Outcome, *, builtin: bool) -> None:
        """``outcome`` is Django 6.1's, or (backport, ``case.divergence``) the clearer one."""
        expected = case.expected
        if isinstance(expected, Accepts):
            self.assertEqual(outcome.kind, "accepts", outcome)
            return
        self.assertEqual(outcome.kind, "raises" if isinstance(expected, Raises) else "records")
        django_class = _exception_class(api, expected.exception)
        assert outcome.exception is not None
        if case.divergence is None or builtin:
            self.assertIs(outcome.exception, django_class)
            self.assertTrue(_matches(expected.message, outcome.message), outcome.message)
        else:
            # A private subclass of exactly Django's class and of nothing else,
            # so code catching Django's class works on both.
            self.assertTrue(outcome.exception.__name__.startswith("_"), outcome.exception)
            self.assertEqual(outcome.exception.__bases__, (django_class,))
            self.assertEqual(outcome.message, case.divergence.message)


class BadInputTests(OutcomeAssertions):
    def test_table_is_large_enough(self) -> None:
        raising = [case for case in CASES if not isinstance(case.expected, Accepts)]
        self.assertGreaterEqual(len(raising), 30)
        self.assertEqual(len({case.name for case in CASES}), len(CASES))

    def test_bad_input(self) -> None:
        api = public_api()
        # Breakpoint: django.tasks is built in from Django 6.0.
        builtin = django.VERSION >= (6, 0)
        for case in CASES:
            if builtin and django.VERSION[:2] < case.builtin_since:
                continue
            with self.subTest(case.name):
                self.assertOutcome(api, case, run_case(api, case), builtin=builtin)

    def test_accepted_values(self) -> None:
        api = public_api()
        values = {case.name: run_case(api, case).value for case in CASES}
        self.assertEqual(values["dict key int"], [{1: "a"}])
        nan, inf = values["argument NaN or infinity"]
        self.assertNotEqual(nan, nan)
        self.assertEqual(inf, float("inf"))
        self.assertEqual(values["argument tuple"], [[1, [2]]])
        self.assertIs(values["priority True"], True)
        self.assertEqual(values["priority 1.0"], 1.0)
        self.assertEqual(values["run_after timedelta, USE_TZ = False"], "timedelta")

    def test_divergent_errors_are_caught_by_djangos_class(self) -> None:
        # Code written against Django 6 (``except AttributeError``) keeps working.
        with override_settings(TASKS=public_api().tasks_setting()):
            task = django_tasks.task(plain, backend="dummy")
            with self.assertRaises(AttributeError):
                task.using(run_after=datetime.timedelta(minutes=5))  # type: ignore[arg-type]
            with self.assertRaises(RecursionError):
                task.enqueue(_circular_list())
            with self.assertRaises(TypeError):
                django_tasks.task(plain, priority="5")  # type: ignore[call-overload]
            with self.assertRaises(ValueError):
                django_tasks.task(plain, priority=float("nan"))  # type: ignore[call-overload]

    def test_aware_run_after_is_accepted(self) -> None:
        with override_settings(TASKS=public_api().tasks_setting()):
            when = timezone.now() + datetime.timedelta(minutes=5)
            task = django_tasks.task(plain, backend="dummy").using(run_after=when)
            self.assertEqual(task.run_after, when)

    @unittest.skipIf(django.VERSION >= (6, 0), "the backport's own check (a Divergence)")
    def test_unpickling_rejects_an_object_with_a_func_attribute(self) -> None:
        # Divergence: Django 6.1 builds a Task around ``.func`` of whatever the
        # path names; the backport wants a Task there.
        with self.assertRaisesMessage(
            ValueError, f"Expected '{__name__}.NOT_A_TASK' to point to a Task instance."
        ):
            unpickle_crafted(public_api(), f"{__name__}.NOT_A_TASK")


NOT_A_TASK = functools.partial(plain)  # Has a ``func`` attribute; is not a Task.


def _backport_hooks() -> tuple[set[Any], bool]:
    from django.core.checks.registry import registry

    # django-stubs 5.2 leaves registered_checks' items unparametrised (partly Unknown).
    registered: set[Any] = set(registry.registered_checks)  # pyright: ignore[reportUnknownMemberType, reportUnknownArgumentType]
    return registered, "django_tasks._backport.signals" in sys.modules


def _forget_the_backport(before: tuple[set[Any], bool]) -> None:
    """Take out the system check and setting receiver importing the backport added.

    Left in, later tests on Django 6 would run the backport's check (its
    registry reads the same TASKS setting) in every "manage.py check".
    """
    from django.core.checks.registry import registry
    from django.core.signals import setting_changed

    checks_before, signals_imported_before = before
    # django-stubs 5.2 leaves registered_checks' items unparametrised (partly Unknown).
    registry.registered_checks.intersection_update(checks_before)  # pyright: ignore[reportUnknownMemberType]
    if not signals_imported_before:
        from django_tasks._backport.signals import clear_tasks_handlers

        # django-stubs 5.2 types the receiver as a bare Callable (partly Unknown).
        setting_changed.disconnect(clear_tasks_handlers)  # pyright: ignore[reportUnknownMemberType]


def _public_name(cls: type) -> str:
    """A class's path with the backport's public module spelled as the built-in's."""
    return f"{cls.__module__}.{cls.__qualname__}".replace("django_tasks.", "django.tasks.")


@unittest.skipIf(django.VERSION < (6, 0), "compares the backport with the built-in django.tasks")
class DifferentialTests(OutcomeAssertions):
    """The table against the built-in and the backport, side by side (Django 6)."""

    backport: Api
    builtin: Api

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.addClassCleanup(_forget_the_backport, _backport_hooks())
        cls.backport = backport_api()
        cls.builtin = public_api()

    def test_apis(self) -> None:
        self.assertEqual(django_tasks.Task.__module__, "django.tasks.base")
        self.assertEqual(self.backport.Task.__module__, "django_tasks.base")
        self.assertIsNot(self.backport.Task, self.builtin.Task)

    def test_backport_matches_builtin(self) -> None:
        for case in CASES:
            if django.VERSION[:2] < case.builtin_since:
                continue
            with self.subTest(case.name):
                expected = run_case(self.builtin, case)
                actual = run_case(self.backport, case)
                self.assertOutcome(self.builtin, case, expected, builtin=True)
                self.assertOutcome(self.backport, case, actual, builtin=False)
                self.assertEqual(actual.kind, expected.kind)
                if expected.kind == "accepts":
                    self.assertEqual(repr(actual.value), repr(expected.value))
                    continue
                assert actual.exception is not None and expected.exception is not None
                if case.divergence is None:
                    self.assertEqual(
                        _public_name(actual.exception), _public_name(expected.exception)
                    )
                    self.assertEqual(actual.message, expected.message)
                else:
                    (base,) = actual.exception.__bases__
                    self.assertEqual(_public_name(base), _public_name(expected.exception))


def readme_table() -> str:
    """The README's bad-input table, generated from CASES."""

    def shown(message: str | Loose) -> str:
        text = message.shown if isinstance(message, Loose) else message
        text = text.replace("__main__.", "myapp.")
        return "`" + text.replace("|", "\\|") + "`"

    rows = [
        "| Input | Django 6.1 | Message | Backport (Django 4.2–5.2) |",
        "| --- | --- | --- | --- |",
    ]
    for case in CASES:
        expected = case.expected
        if isinstance(expected, Accepts):
            rows.append(f"| {case.name} | accepted | {expected.what} | the same |")
            continue
        kind = f"`{expected.exception}`"
        if isinstance(expected, Records):
            kind = f"task FAILED, {kind} recorded"
        backport = "the same"
        if case.divergence:
            backport = f"a subclass of `{expected.exception}`: {shown(case.divergence.message)}"
        if case.note:
            backport += f" ({case.note})"
        rows.append(f"| {case.name} | {kind} | {shown(expected.message)} | {backport} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(readme_table())
