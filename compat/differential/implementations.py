"""The two implementations under comparison, and how to compare their outcomes."""

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.test import override_settings


@dataclass(frozen=True)
class Implementation:
    name: str
    Task: Any
    task: Any
    TaskResultStatus: Any
    InvalidTask: type[Exception]
    normalize_json: Callable[[Any], Any]
    backends: dict[str, str]  # "immediate"/"dummy" -> BACKEND path

    @contextmanager
    def configured(
        self, backend: str, queues: list[str] | None = None, use_tz: bool = True
    ) -> Iterator[None]:
        params: dict[str, Any] = {"BACKEND": self.backends[backend]}
        if queues is not None:
            params["QUEUES"] = queues
        with override_settings(TASKS={"default": params}, USE_TZ=use_tz):
            yield

    def make_task(self, func: Any, **options: Any) -> Any:
        """``Task(func=..., **options)``, every field given: Django 6.0's Task
        has no defaults (6.1 added them; the backport follows 6.1)."""
        fields = {
            "priority": 0,
            "backend": "default",
            "queue_name": "default",
            "run_after": None,
            "takes_context": False,
        }
        return self.Task(func=func, **{**fields, **options})


def _builtin() -> Implementation:
    from django.tasks import Task, TaskResultStatus, task
    from django.tasks.exceptions import InvalidTask
    from django.utils.json import normalize_json

    return Implementation(
        name="built-in",
        Task=Task,
        task=task,
        TaskResultStatus=TaskResultStatus,
        InvalidTask=InvalidTask,
        normalize_json=normalize_json,
        backends={
            "immediate": "django.tasks.backends.immediate.ImmediateBackend",
            "dummy": "django.tasks.backends.dummy.DummyBackend",
        },
    )


def _backport() -> Implementation:
    from django_tasks._backport import InvalidTask, normalize_json
    from django_tasks._backport.base import Task, TaskResultStatus, task

    return Implementation(
        name="backport",
        Task=Task,
        task=task,
        TaskResultStatus=TaskResultStatus,
        InvalidTask=InvalidTask,
        normalize_json=normalize_json,
        backends={
            "immediate": "django_tasks._backport.backends.immediate.ImmediateBackend",
            "dummy": "django_tasks._backport.backends.dummy.DummyBackend",
        },
    )


BUILTIN = _builtin()
BACKPORT = _backport()
assert BUILTIN.Task is not BACKPORT.Task, "the backport must be its own implementation"


def canonical(value: Any) -> Any:
    """A comparable, type-exact rendering (NaN equals NaN, 1 differs from True)."""
    kind = type(value).__qualname__
    if isinstance(value, float):
        return (kind, "nan" if math.isnan(value) else repr(value))
    if isinstance(value, list):
        return (kind, [canonical(v) for v in value])
    if isinstance(value, dict):
        return (kind, [(canonical(k), canonical(v)) for k, v in value.items()])
    return (kind, repr(value))


def describe_exception(e: BaseException, impl: Implementation, chaining: bool = True) -> Any:
    """Type, message and (optionally) chaining, comparable across the two.

    A deliberate divergence of the backport is a private subclass (``_Name``,
    defined in ``django_tasks._backport``) of exactly the class Django raises,
    with a clearer message: it is described by that public class, and its
    message is not compared.
    """
    cls = type(e)
    divergence = cls.__name__.startswith("_") and cls.__module__.startswith("django_tasks")
    if divergence:
        cls = next(c for c in cls.__mro__ if not c.__name__.startswith("_"))
    description: dict[str, Any] = {
        "type": cls.__qualname__,
        "task_exception": isinstance(e, impl.InvalidTask),
        "message": "<divergence: clearer message>" if divergence else str(e),
    }
    if chaining and not divergence:
        context = e.__context__
        description["cause"] = type(e.__cause__).__qualname__ if e.__cause__ else None
        description["context"] = (
            None if context is None or e.__suppress_context__ else type(context).__qualname__
        )
    return description


def outcome(impl: Implementation, function: Callable[[], Any], chaining: bool = True) -> Any:
    try:
        return ("returned", function())
    except BaseException as e:  # KeyboardInterrupt too: what escapes is compared.
        return ("raised", describe_exception(e, impl, chaining))


def same(backport: Any, builtin: Any) -> bool:
    """Equal outcomes, where a backport divergence matches any message."""
    diverged = backport[0] == builtin[0] == "raised" and (
        backport[1]["message"] == "<divergence: clearer message>"
    )
    if diverged:
        keep = {"type", "task_exception"}
        return {k: v for k, v in backport[1].items() if k in keep} == {
            k: v for k, v in builtin[1].items() if k in keep
        }
    return bool(backport == builtin)


def traceback_summary(text: str) -> Any:
    """The last line and the frames in task_functions.py: the other frames
    are each implementation's own files and line numbers."""
    lines = text.rstrip("\n").splitlines()
    frames = []
    for index, line in enumerate(lines):
        if 'task_functions.py"' in line:
            frames.append(line.split('"', 2)[2].strip())  # ', line N, in name'
            frames.append(lines[index + 1].strip() if index + 1 < len(lines) else "")
    return {"last_line": lines[-1], "frames": frames}
