"""Clearer errors for bad input, in place of Django 6.1's obscure ones.

Loaded when one is first raised: creating these five classes was about 2% of
``import django_tasks``, for input that is never bad in most programs.
"""


# Divergence: where Django 6.1 fails obscurely on bad input (an AttributeError
# from deep inside, a RecursionError with a thousand-frame traceback), the
# backport raises one of these instead: a private subclass of exactly the class
# Django raises, with a message naming what is wrong. ``except AttributeError``
# (Django's class) catches it on every Django; there is no other public base
# to catch that Django 6 would not raise.


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

    def __init__(
        self,
        message: str = (
            "Unsupported value: circular or nested too deeply "
            "(maximum recursion depth exceeded while normalizing to JSON)."
        ),
    ) -> None:
        super().__init__(message)
