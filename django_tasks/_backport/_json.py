"""Django 6's ``django.utils.json.normalize_json``, which Django 4.2–5.2 lack.

Breakpoint: use ``django.utils.json.normalize_json`` once Django 6.0 is the minimum.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django_tasks._backport.exceptions import _NestedTooDeeply


def normalize_json(obj: Any) -> Any:
    """Recursively normalize an object into JSON-compatible types."""
    try:
        return _normalize(obj)
    except RecursionError:
        # Divergence: Django lets the RecursionError out with a traceback a
        # thousand frames long (stored in a failed task's TaskError too); the
        # same class, with one line saying why.
        raise _NestedTooDeeply() from None


def _normalize(obj: Any) -> Any:
    # The same cases, in the same order, as Django's ``match`` statement.
    if isinstance(obj, Mapping):
        return {_normalize(k): _normalize(v) for k, v in obj.items()}  # pyright: ignore[reportUnknownVariableType]
    if isinstance(obj, bytes):
        try:
            return obj.decode("utf-8")
        except UnicodeDecodeError:
            # Chained implicitly, as in Django.
            raise ValueError(f"Unsupported value: {type(obj)}")  # noqa: B904
    if isinstance(obj, (str, int, float, bool)) or obj is None:
        return obj
    if isinstance(obj, Sequence):  # str and bytes were handled above.
        values: Sequence[Any] = obj  # pyright: ignore[reportUnknownVariableType]
        return [_normalize(v) for v in values]
    raise TypeError(f"Unsupported type: {type(obj)}")
