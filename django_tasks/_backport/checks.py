"""``django.tasks.checks``: the system check, defined (and registered) with the
registry (``django_tasks._backport.registry``)."""

from django_tasks._backport.registry import check_tasks

__all__ = ["check_tasks"]
