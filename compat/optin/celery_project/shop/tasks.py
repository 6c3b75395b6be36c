"""Tasks defined through django_tasks; the backend only knows django.tasks."""

import os
import sys

import django_tasks


@django_tasks.task
def add(a, b):
    return a + b


@django_tasks.task(takes_context=True)
def where_am_i(context):
    # Run by the worker: report what the worker process sees.
    return {
        "pid": os.getpid(),
        "alias": sys.modules.get("django.tasks") is sys.modules["django_tasks"],
        "attempt": context.attempt,
    }


@django_tasks.task
def explode():
    raise ValueError("boom")
