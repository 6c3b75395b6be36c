"""This package's own types, which Django's (django-stubs) do not match exactly."""

from typing_extensions import assert_type

from django_tasks import task_backends
from django_tasks.backends.base import BaseTaskBackend

# django-stubs types BaseConnectionHandler.all() as a Sequence; the backport
# declares the list it returns, so checkers see it without django-stubs too.
assert_type(task_backends.all(), list[BaseTaskBackend])
