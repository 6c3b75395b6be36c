import sys

import django_tasks


@django_tasks.task
def multiply(a, b):
    return a * b


@django_tasks.task(backend="ox")
def ox_multiply(a, b):
    return a * b


@django_tasks.task
def alias_in_worker():
    return sys.modules.get("django.tasks") is sys.modules["django_tasks"]
