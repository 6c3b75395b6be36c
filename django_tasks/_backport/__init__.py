"""The backport of Django 6.1's ``django.tasks``, used on Django 4.2–5.2.

Nothing here is public: the modules one level up (``django_tasks.base``,
``django_tasks.backends.dummy``, ...) choose between this package and the
built-in ``django.tasks`` and are the only supported import paths.

Importing this package never touches ``django.tasks``, so it also imports on
Django 6 (the conformance kit compares it with the built-in there).
"""
