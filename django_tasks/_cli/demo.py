"""``python -m django_tasks demo``: the package's main job, on the default backend.

Needs no project: it configures minimal settings itself and leaves ``TASKS``
unset, so the default (one ImmediateBackend under ``"default"``) runs the tasks.
"""

import argparse
import asyncio
import platform
from typing import Any

import django

import django_tasks
from django_tasks._cli.info import implementation

__all__ = ["command"]


def _configure() -> None:
    from django.conf import settings

    settings.configure(SECRET_KEY="django-tasks-demo", USE_TZ=True, INSTALLED_APPS=[])
    django.setup()


def _show(result: Any) -> None:
    print(f"   status {result.status} · attempts {result.attempts}", end="")
    if result.status == "SUCCESSFUL":
        print(f" · return value {result.return_value!r}")
    else:
        print()
    for error in result.errors:
        lines = error.traceback.strip().splitlines()
        print(f"   error {error.exception_class_path}")
        print(f"   last traceback line: {lines[-1] if lines else '(none)'}")
    print(
        f"   id {result.id} · task {result.task.module_path} · backend {result.backend} "
        f"· queue {result.task.queue_name}"
    )


def command(args: argparse.Namespace) -> int:
    _configure()

    from django.test.utils import override_settings

    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskResultStatus, task_backends
    from django_tasks._cli.demo_tasks import add, describe_attempt, divide, greet

    _, description = implementation()
    backend_class = type(task_backends[DEFAULT_TASK_BACKEND_ALIAS])
    print("django-tasks demo")
    print(
        f"   Django {django.get_version()} · django-tasks {django_tasks.__version__} "
        f"· Python {platform.python_version()}"
    )
    print(f"   Implementation: {description}")
    print(
        f"   Backend 'default': {backend_class.__module__}.{backend_class.__qualname__} "
        "(TASKS not set, so the default)"
    )
    problems: list[str] = []

    def expect(label: str, condition: bool) -> None:
        if not condition:
            problems.append(label)

    print("\n1. A sync task: add.enqueue(2, 3)")
    result = add.enqueue(2, 3)
    _show(result)
    expect("add", result.status == TaskResultStatus.SUCCESSFUL and result.return_value == 5)

    print('\n2. An async task: greet.enqueue("world")')
    greeting = greet.enqueue("world")
    _show(greeting)
    expect("greet", greeting.status == TaskResultStatus.SUCCESSFUL)

    print('\n3. A task that takes the context: describe_attempt.enqueue("first")')
    context_result = describe_attempt.enqueue("first")
    _show(context_result)
    expect(
        "describe_attempt",
        context_result.status == TaskResultStatus.SUCCESSFUL
        and context_result.return_value["task_result_id"] == context_result.id,
    )

    print("\n4. A task that fails: divide.enqueue(1, 0)")
    failure = divide.enqueue(1, 0)
    _show(failure)
    expect(
        "divide",
        failure.status == TaskResultStatus.FAILED
        and failure.errors[0].exception_class is ZeroDivisionError,
    )

    print("\n5. From async code: await add.using(priority=10).aenqueue(20, 22)")
    from_async = asyncio.run(add.using(priority=10).aenqueue(20, 22))
    _show(from_async)
    expect("aenqueue", from_async.return_value == 42)

    dummy_tasks = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        "dummy": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"},
    }
    print("\n6. The DummyBackend stores results and runs nothing (for tests):")
    print('   override_settings(TASKS={..., "dummy": DummyBackend}), add.using(backend="dummy")')
    with override_settings(TASKS=dummy_tasks):
        dummy_add = add.using(backend="dummy")
        queued = dummy_add.enqueue(1, 2)
        print(f"   enqueue(1, 2) → status {queued.status}, id {queued.id}")
        fetched = dummy_add.get_result(queued.id)
        backend = dummy_add.get_backend()
        stored = len(backend.results)  # type: ignore[attr-defined]
        print(
            f"   get_result(id) → status {fetched.status}, same id {fetched.id == queued.id}; "
            f"the backend holds {stored} result"
        )
        expect("dummy", fetched.status == TaskResultStatus.READY and stored == 1)

    if problems:
        print(f"\nUnexpected results for: {', '.join(problems)}")
        return 1
    print("\nAll demo tasks behaved as expected.")
    return 0
