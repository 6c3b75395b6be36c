"""The helpers of Django 6's ``django.utils`` that ``django.tasks`` uses and
Django 4.2–5.2 lack (or define differently), one section per Django module.

Breakpoint: use ``django.utils.crypto``, ``.inspect``, ``.json`` and
``.translation`` once Django 6.0 is the minimum (and delete
django_tasks/locale/). One module rather than one each: every module is one
more to load with ``import django_tasks`` (see docs/performance.md).
"""

import functools
import gettext
import inspect
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import lazy

from django_tasks._backport.exceptions import _NestedTooDeeply

if sys.version_info >= (3, 14):
    import annotationlib

# django.utils.crypto

_ALLOWED_CHARS = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
# Byte b stands for the character b % 62; only bytes below 4 * 62 = 248 are
# kept, so every character is equally likely (rejection sampling).
_BYTE_TO_CHAR = (_ALLOWED_CHARS * 5)[:256]
_REJECTED_BYTES = bytes(range(4 * len(_ALLOWED_CHARS), 256))


def get_random_string(length: int) -> str:
    """A random string of ``length`` characters from ``[a-zA-Z0-9]``.

    Divergence: Django's ``get_random_string`` calls ``secrets.choice`` once
    per character (32 calls for a result id, the largest share of an
    enqueue); this reads the same secure source (``os.urandom``, which
    ``secrets`` uses) once, for the same distribution.
    """
    # Half as much again as needed: about 3% of the bytes are rejected, so
    # the loop almost never runs.
    chars = os.urandom(length + length // 2 + 4).translate(_BYTE_TO_CHAR, _REJECTED_BYTES)
    while len(chars) < length:
        chars += os.urandom(length).translate(_BYTE_TO_CHAR, _REJECTED_BYTES)
    return chars[:length].decode("ascii")


# django.utils.inspect

# Django 6 counts keyword-only and positional-only parameters too; older
# Djangos' get_func_args only positional-or-keyword ones.
ARG_KINDS = frozenset(
    {
        inspect.Parameter.POSITIONAL_ONLY,
        inspect.Parameter.KEYWORD_ONLY,
        inspect.Parameter.POSITIONAL_OR_KEYWORD,
    }
)


# Cached as in Django (whose cache sits one call deeper): validate_task asks
# on every enqueue. A tuple, so no caller can change the cached value.
@functools.lru_cache(maxsize=512)
def get_func_args(func: Callable[..., Any]) -> tuple[str, ...]:
    # Only called for module-level functions (validate_task checks that
    # first), so there is no bound method to unwrap as Django does.
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
    return tuple(param.name for param in parameters if param.kind in ARG_KINDS)


def is_module_level_function(func: Any) -> bool:
    if not inspect.isfunction(func) or inspect.isbuiltin(func):  # type: ignore[unreachable]
        return False
    return "<locals>" not in func.__qualname__


# django.utils.json


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


# django.utils.translation: the status labels (context "Task"), which Django's
# own catalogs translate from Django 6.0 on.

_LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def pgettext(context: str, message: str) -> str:
    """``django.utils.translation.pgettext``, with this package's catalogs as fallback.

    A project's catalogs (LOCALE_PATHS, its apps) win; this package's (domain
    "django_tasks", so Django never merges them into its own) fill in.
    """
    translated = translation.pgettext(context, message)
    if translated != message or not settings.USE_I18N:
        return translated
    language = translation.get_language()
    if not language:
        return message
    return _catalog(translation.to_locale(language)).pgettext(context, message)


pgettext_lazy = lazy(pgettext, str)


@functools.cache
def _catalog(locale: str) -> gettext.NullTranslations:
    # gettext also tries the language alone ("pt" for "pt_BR"); English and
    # languages without a catalog fall back to the message itself.
    return gettext.translation(
        "django_tasks", localedir=_LOCALE_DIR, languages=[locale], fallback=True
    )
