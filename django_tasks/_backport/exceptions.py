"""``django.tasks.exceptions``, public as ``django_tasks.exceptions``."""

from django.core.exceptions import ImproperlyConfigured


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


# Divergence: shown under their public module in reprs, pickles and tracebacks.
for _exception in (
    TaskException,
    InvalidTask,
    InvalidTaskBackend,
    TaskResultDoesNotExist,
    TaskResultMismatch,
):
    _exception.__module__ = "django_tasks.exceptions"


# Divergence: where Django 6.1 fails obscurely on bad input (an AttributeError
# from deep inside, a RecursionError a thousand frames long), the backport
# raises one of these: a private subclass of exactly the class Django raises,
# with a message naming what is wrong, so ``except AttributeError`` (Django's
# class) still catches it on every Django.


class _RunAfterNotADatetime(AttributeError):
    """``run_after`` is not a datetime (Django: AttributeError from ``utcoffset``)."""


class _PriorityNotANumber(TypeError):
    """``priority`` cannot be compared with numbers (Django: TypeError from ``<``)."""


class _PriorityNotAWholeNumber(ValueError):
    """``priority`` is NaN (Django: ValueError from ``int()``)."""


class _NotATaskBackend(TypeError):
    """``BACKEND`` names something that is not a backend class (Django: TypeError)."""


class _NestedTooDeeply(RecursionError):
    """A value is circular or nested deeper than the recursion limit."""

    def __init__(self) -> None:
        super().__init__(
            "Unsupported value: circular or nested too deeply "
            "(maximum recursion depth exceeded while normalizing to JSON)."
        )
