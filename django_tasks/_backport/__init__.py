"""The backport of Django 6.1's ``django.tasks``, used on Django 4.2–5.2.

Nothing here is public: the modules one level up (``django_tasks.base``,
``django_tasks.backends.dummy``, ...) choose between this package and the
built-in ``django.tasks`` and are the only supported import paths.

Importing this package never touches ``django.tasks``, so it also imports on
Django 6 (the conformance kit compares it with the built-in there).

What the backport's modules share lives here: the helpers Django 6 has and
older Djangos lack, small private utilities, and the exceptions of
``django.tasks.exceptions`` (public as ``django_tasks.exceptions``). They are
in the package's own module, which every import of the backport runs anyway,
rather than in modules of their own: each module is one more to find and load
with ``import django_tasks`` (see benchmarks/).

For the same budget, the modules that ``import django_tasks`` loads write as
strings the function annotations that would subscript a generic when the
function is defined (``"Callable[..., Any]"``, ``"TaskResult[..., Any]"``).
"""

import functools
import inspect
import os
import sys
from collections import deque
from collections.abc import Callable, Coroutine, Mapping, Sequence
from types import FunctionType
from typing import Any, TypeGuard

from django.core.exceptions import ImproperlyConfigured

if sys.version_info >= (3, 14):
    import annotationlib

# Breakpoint: Django 6.0 added django.utils.json.normalize_json and
# django.utils.inspect.is_module_level_function; use them once 6.0 is the minimum.


# Exact types that Django's normalize_json returns unchanged (its ``str() |
# int() | float() | bool() | None`` case); subclasses take the slow path.
_JSON_SCALARS = frozenset({str, int, float, bool, type(None)})


def normalize_json(obj: Any) -> Any:
    """Recursively normalize an object into JSON-compatible types.

    Same results and exceptions as ``django.utils.json.normalize_json``; exact
    built-in types take a fast path that reaches the same branch Django's
    ``match`` statement would.
    """
    obj_type = type(obj)  # pyright: ignore[reportUnknownVariableType]
    if obj_type in _JSON_SCALARS:
        return obj
    if obj_type is list or obj_type is tuple:
        # Arguments are mostly flat: one C-level pass over the item types, and
        # a list of exactly the needed size (a comprehension over-allocates).
        if _JSON_SCALARS.issuperset(map(type, obj)):
            return list(obj)
        return [normalize_json(value) for value in obj]
    if obj_type is dict:
        if not obj:
            return {}
        if _JSON_SCALARS.issuperset(map(type, obj)) and _JSON_SCALARS.issuperset(
            map(type, obj.values())
        ):
            return dict(obj)
        return {normalize_json(key): normalize_json(value) for key, value in obj.items()}
    return _normalize_json_slow(obj)


def _normalize_json_slow(obj: Any) -> Any:
    # The same branches, in the same order, as Django's normalize_json.
    if isinstance(obj, Mapping):
        return {normalize_json(key): normalize_json(value) for key, value in obj.items()}  # pyright: ignore[reportUnknownVariableType]
    if isinstance(obj, bytes):
        try:
            return obj.decode("utf-8")
        except UnicodeDecodeError:
            # Chained implicitly, as Django does: the UnicodeDecodeError shows
            # in tracebacks (a failed task's TaskError.traceback too).
            raise ValueError(f"Unsupported value: {type(obj)}")  # noqa: B904
    if isinstance(obj, (str, int, float, bool)) or obj is None:
        return obj
    if isinstance(obj, Sequence):
        values: Sequence[Any] = obj  # pyright: ignore[reportUnknownVariableType]
        return [normalize_json(value) for value in values]
    raise TypeError(f"Unsupported type: {type(obj)}")


def copy_json(obj: Any) -> Any:
    """Deep-copy a value that ``normalize_json`` already produced."""
    obj_type = type(obj)  # pyright: ignore[reportUnknownVariableType]
    if obj_type is list:
        if _JSON_SCALARS.issuperset(map(type, obj)):
            return obj.copy()
        return [copy_json(value) for value in obj]
    if obj_type is dict:
        # Keys are scalars (normalize_json makes them so) and immutable.
        if _JSON_SCALARS.issuperset(map(type, obj.values())):
            return obj.copy()
        return {key: copy_json(value) for key, value in obj.items()}
    # Strings, numbers, booleans and None are immutable.
    return obj


def is_module_level_function(func: Any) -> bool:
    """Whether ``func`` is a plain function defined at a module's top level."""
    if not inspect.isfunction(func) or inspect.isbuiltin(func):  # type: ignore[unreachable]
        return False
    return "<locals>" not in func.__qualname__


def is_coroutine_function(func: object) -> "TypeGuard[Callable[..., Coroutine[Any, Any, Any]]]":
    """``inspect.iscoroutinefunction(func)``, answered from the code flags for
    a plain function with no attributes of its own (so no coroutine marker):
    a fifth of inspect's cost, which Task.call() pays on every run."""
    if type(func) is FunctionType and not func.__dict__:
        return bool(func.__code__.co_flags & inspect.CO_COROUTINE)
    return inspect.iscoroutinefunction(func)


# Django 6 counts keyword-only and positional-only parameters too; older
# Djangos' get_func_args only positional-or-keyword ones.
_ARG_KINDS = frozenset(
    {
        inspect.Parameter.POSITIONAL_ONLY,
        inspect.Parameter.POSITIONAL_OR_KEYWORD,
        inspect.Parameter.KEYWORD_ONLY,
    }
)


@functools.lru_cache(maxsize=512)
def get_func_args(func: "Callable[..., Any]") -> tuple[str, ...]:
    """The names of ``func``'s named parameters, as Django 6's helper gives them.

    Only called for module-level functions (``validate_task`` checks that
    first), so there is no bound method to unwrap. Cached because
    ``inspect.signature`` is slow and the same task is validated on every
    enqueue; a tuple, so no caller can change the cached value.
    """
    # Breakpoint: Python 3.14 defers annotations (PEP 649) and
    # inspect.signature() evaluates them by default, so a name imported only
    # for type checkers (TaskContext under TYPE_CHECKING) raised NameError.
    # Only names and kinds are read: leave the annotations unevaluated, as
    # Django 6's django.utils.inspect.signature() does.
    if sys.version_info >= (3, 14):
        signature = inspect.signature(func, annotation_format=annotationlib.Format.FORWARDREF)
    else:
        signature = inspect.signature(func)
    parameters = signature.parameters.values()
    return tuple(p.name for p in parameters if p.kind in _ARG_KINDS)


_ID_ALPHABET = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
# 248 = 4 * 62: keeping only bytes below it and reducing modulo 62 gives every
# character the same probability (rejection sampling, no modulo bias).
_ACCEPTED_BYTES = 4 * len(_ID_ALPHABET)
# Byte b stands for the alphabet's character b % 62.
_BYTE_TO_CHAR = (_ID_ALPHABET * 5)[:256]
_REJECTED_BYTES = bytes(range(_ACCEPTED_BYTES, 256))
# What secrets.token_bytes() reads, without its two Python-level calls.
_urandom = os.urandom


def get_random_id(length: int = 32) -> str:
    """A random id of ``length`` characters from ``[a-zA-Z0-9]``, like
    ``get_random_string(length)`` but with one call to the OS's secure
    random source instead of one per character."""
    # Ask for half as much again as needed: about 3% of bytes are rejected, so
    # the loop body almost never runs.
    chars = _urandom(length + length // 2 + 4).translate(_BYTE_TO_CHAR, _REJECTED_BYTES)
    while len(chars) < length:
        chars += _urandom(length).translate(_BYTE_TO_CHAR, _REJECTED_BYTES)
    return chars[:length].decode("ascii")


_RESULT_ID_LENGTH = 32
_RESULT_IDS_PER_DRAW = 64
# Result ids drawn ahead, taken in order. A deque: popleft() and extend() are
# safe from any thread without a lock.
_result_ids: deque[str] = deque()


def new_result_id() -> str:
    """A new 32-character id for a TaskResult (``get_random_id(32)``).

    Drawn 64 at a time: the read of the OS's secure random source is a system
    call, most of the cost of one id, and 64 ids cost little more than one.
    """
    try:
        return _result_ids.popleft()
    except IndexError:
        chars = get_random_id(_RESULT_ID_LENGTH * _RESULT_IDS_PER_DRAW)
        drawn = [
            chars[start : start + _RESULT_ID_LENGTH]
            for start in range(0, len(chars), _RESULT_ID_LENGTH)
        ]
        # Keep one for this call: other threads may empty the pool meanwhile.
        result_id = drawn.pop()
        _result_ids.extend(drawn)
        return result_id


# A forked child starts with a copy of the parent's pool: it must draw ids of
# its own, or both processes would hand out the same ones.
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_result_ids.clear)


def set_public_module(module_name: str, *objects: Any) -> None:
    """Show ``objects`` under their public module in reprs, pickles and tracebacks."""
    for obj in objects:
        obj.__module__ = module_name


# The exceptions of django.tasks.exceptions, public as django_tasks.exceptions.


class TaskException(Exception):
    """Base class for task-related exceptions. Do not raise directly."""


class InvalidTask(TaskException):
    """The provided Task is invalid."""


class InvalidTaskBackend(ImproperlyConfigured):
    """The provided Task backend is invalid."""


class TaskResultDoesNotExist(TaskException):
    """The requested TaskResult does not exist."""


class TaskResultMismatch(TaskException):
    """The requested TaskResult is invalid."""


set_public_module(
    "django_tasks.exceptions",
    TaskException,
    InvalidTask,
    InvalidTaskBackend,
    TaskResultDoesNotExist,
    TaskResultMismatch,
)
