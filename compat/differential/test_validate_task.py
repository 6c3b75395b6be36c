"""Task validation: the same outcome and message for the same options.

Covers ``Task(...)`` (which validates against its backend), the ``@task``
decorator and ``Task.using()``, with generated priorities (floats, bools,
out-of-range, wrong types), queue names, ``run_after`` (naive, aware, wrong
type), ``takes_context`` and sync/async/non-module-level functions, on the
Immediate and Dummy backends, with ``USE_TZ`` on and off.
"""

from datetime import datetime, timedelta, timezone
from typing import Any

import django
import task_functions
from hypothesis import given
from hypothesis import strategies as st
from implementations import BACKPORT, BUILTIN, Implementation, outcome, same

functions = st.sampled_from(
    sorted(task_functions.MODULE_LEVEL.items()) + sorted(task_functions.NOT_MODULE_LEVEL.items())
)
priorities = st.one_of(
    st.integers(-150, 150),
    st.sampled_from([-101, -100, 0, 100, 101]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([1.0, -100.0, 100.5, 0.0, -0.0]),
    st.booleans(),
    st.none(),
    st.text(max_size=2),
)
queue_names = st.one_of(st.sampled_from(["default", "other", ""]), st.text(max_size=5))
offsets = st.timedeltas(min_value=-timedelta(hours=23), max_value=timedelta(hours=23))
run_afters = st.one_of(
    st.none(),
    st.datetimes(),
    st.datetimes(timezones=st.builds(timezone, offsets)),
    st.just(timedelta(minutes=5)),
    st.integers(),
)
queue_settings = st.one_of(
    st.none(), st.lists(st.sampled_from(["default", "other", "q"]), max_size=3)
)
backends = st.sampled_from(["immediate", "dummy"])

# Breakpoint: Django 6.1's task() forwards extra keyword arguments to the Task
# class and rejects run_after; 6.0's task() accepts no other keywords.
if django.VERSION >= (6, 1):
    extras = st.dictionaries(st.sampled_from(["run_after", "unknown"]), st.none(), max_size=1)
else:
    extras = st.just({})


def describe_task(task: Any) -> Any:
    return {
        "priority": (type(task.priority).__name__, repr(task.priority)),
        "queue_name": task.queue_name,
        "backend": task.backend,
        "run_after": task.run_after,
        "takes_context": task.takes_context,
        "name": task.name,
        "module_path": task.module_path,
    }


@given(
    function=functions,
    priority=priorities,
    queue_name=queue_names,
    run_after=run_afters,
    takes_context=st.booleans(),
    backend=backends,
    queues=queue_settings,
    use_tz=st.booleans(),
)
def test_task_validation(
    function: tuple[str, Any],
    priority: Any,
    queue_name: Any,
    run_after: Any,
    takes_context: bool,
    backend: str,
    queues: list[str] | None,
    use_tz: bool,
) -> None:
    def build(impl: Implementation) -> Any:
        with impl.configured(backend, queues, use_tz):
            return outcome(
                impl,
                chaining=False,
                function=lambda: describe_task(
                    impl.make_task(
                        function[1],
                        priority=priority,
                        queue_name=queue_name,
                        run_after=run_after,
                        takes_context=takes_context,
                    )
                ),
            )

    assert same(build(BACKPORT), build(BUILTIN)), (build(BACKPORT), build(BUILTIN))


@given(
    function=functions,
    priority=priorities,
    queue_name=queue_names,
    takes_context=st.booleans(),
    extra=extras,
    backend=backends,
)
def test_task_decorator(
    function: tuple[str, Any],
    priority: Any,
    queue_name: Any,
    takes_context: bool,
    extra: dict[str, Any],
    backend: str,
) -> None:
    def build(impl: Implementation) -> Any:
        with impl.configured(backend):
            return outcome(
                impl,
                chaining=False,
                function=lambda: describe_task(
                    impl.task(
                        priority=priority,
                        queue_name=queue_name,
                        takes_context=takes_context,
                        **extra,
                    )(function[1])
                ),
            )

    assert same(build(BACKPORT), build(BUILTIN)), (build(BACKPORT), build(BUILTIN))


@given(
    priority=st.one_of(st.none(), priorities),
    queue_name=st.one_of(st.none(), queue_names),
    run_after=st.one_of(st.none(), run_afters),
    backend_alias=st.sampled_from([None, "default", "missing"]),
    backend=backends,
    queues=queue_settings,
    use_tz=st.booleans(),
)
def test_task_using(
    priority: Any,
    queue_name: Any,
    run_after: Any,
    backend_alias: str | None,
    backend: str,
    queues: list[str] | None,
    use_tz: bool,
) -> None:
    def build(impl: Implementation) -> Any:
        with impl.configured(backend, queues, use_tz):
            created = outcome(
                impl, lambda: impl.make_task(task_functions.echo.func), chaining=False
            )
            if created[0] == "raised":
                return created
            return outcome(
                impl,
                chaining=False,
                function=lambda: describe_task(
                    impl.make_task(task_functions.echo.func).using(
                        priority=priority,
                        queue_name=queue_name,
                        run_after=run_after,
                        backend=backend_alias,
                    )
                ),
            )

    assert same(build(BACKPORT), build(BUILTIN)), (build(BACKPORT), build(BUILTIN))


def test_naive_run_after_with_use_tz() -> None:
    def build(impl: Implementation) -> Any:
        with impl.configured("dummy", use_tz=True):
            return outcome(
                impl,
                lambda: impl.make_task(task_functions.echo.func, run_after=datetime(2030, 1, 1)),
            )

    assert same(build(BACKPORT), build(BUILTIN)), (build(BACKPORT), build(BUILTIN))
    assert build(BUILTIN)[1]["message"] == "run_after must be an aware datetime."
