"""The helpers of Django 6's ``django.utils.inspect`` that ``django.tasks``
uses and Django 4.2–5.2 lack or define differently.

Breakpoint: use ``django.utils.inspect`` once Django 6.0 is the minimum.
"""

import functools
import inspect
import sys
from collections.abc import Callable
from typing import Any

if sys.version_info >= (3, 14):
    import annotationlib

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
